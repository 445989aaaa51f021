// How data and traffic move in and out of each kind of target, as small per-target tables of
// command builders: a new target kind needs one entry here. Commands read every stack value from
// the stack's Terraform outputs (see commands.ts); nothing here imports provider bindings.
import type { Target } from "../core/target";
import type { ConnectionValue, StackJson } from "../report/stack-json";
import { outputValue, type StackRef } from "./commands";

/** What a command builder knows about one side of a move. */
export interface SideContext {
  readonly stack: StackRef;
  readonly target: Target;
  readonly json: StackJson;
  /** Component name. */
  readonly component: string;
  readonly connection: ConnectionValue;
  /** Shell variable prefix: `SRC` or `DST`. */
  readonly side: "SRC" | "DST";
}

/** Command builders of one target kind; `undefined` (or a missing strategy) means "not described". */
export interface MoveFacts {
  /** Sets `<SIDE>_PGUSER` and `<SIDE>_PGPASSWORD` for the postgres admin, per strategy. */
  readonly postgresCredentials: Readonly<Record<string, (c: SideContext) => string[]>>;
  /** What the source needs before logical replication can start, per strategy. */
  readonly logicalReplication: Readonly<Record<string, string>>;
  /** Creates an rclone remote named `<side lower-case>` for a bucket or log store, per strategy. */
  readonly rcloneRemote: Readonly<Record<string, (c: SideContext) => string[]>>;
  /** Reads a secret's value to `value.txt` (run by its owner). */
  readonly readSecret: (c: SideContext) => string;
  /** Writes a secret's value from `value.txt`. */
  readonly writeSecret: (c: SideContext) => string;
  /** Gets the kubeconfig of a cluster, per strategy, and the `kubectl` invocation that uses it. */
  readonly kubeconfig: Readonly<Record<string, (c: SideContext) => { readonly commands: string[]; readonly kubectl: string }>>;
  /** Prints the name servers of a zone (the connection of a dns-zone component). */
  readonly nameServers: (c: SideContext) => string;
  /** How a public endpoint's certificate comes to exist at this target, before or after apply. */
  readonly certificate: (c: SideContext) => { readonly beforeApply: string[]; readonly afterApply: string[]; readonly note: string };
  /** The DNS record the endpoint's domain must point to (when its zone does not move with it). */
  readonly endpointRecord: (c: SideContext) => string[];
  /** Per log-sink strategy: true when the log store is an object store rclone can write into. */
  readonly logStoreIsBucket: Readonly<Record<string, boolean>>;
  /** Exports a log store's content so it can be copied like a bucket. */
  readonly exportLogs: Readonly<Record<string, (c: SideContext) => string[]>>;
  /** Commands run once after apply that the stack asks for in its outputs (`*_bucket_setup`, ...). */
  readonly afterApply: (stack: StackRef, json: StackJson) => string[];
}

const remoteName = (c: SideContext) => c.side.toLowerCase();

/** The Terraform address inside a `terraform-state://<address>/<attribute>` reference. */
function stateAddress(ref: string): { address: string; attribute: string } | undefined {
  const m = ref.match(/^terraform-state:\/\/([a-z0-9_]+\.[A-Za-z0-9_-]+)\/([a-z_]+)$/);
  return m ? { address: m[1], attribute: m[2] } : undefined;
}

/** Reads an attribute of a resource from the stack's state (`terraform show -json` holds sensitive values). */
export function stateValue(stack: StackRef, address: string, attribute: string): string {
  return `$(terraform -chdir=${stack.dir} show -json | jq -r '.values.root_module.resources[] | select(.address=="${address}") | .values.${attribute}')`;
}

const AWS: MoveFacts = {
  postgresCredentials: {
    managed: (c) => [
      `export ${c.side}_PGUSER="$(aws secretsmanager get-secret-value --secret-id "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --query SecretString --output text | jq -r .username)"`,
      `export ${c.side}_PGPASSWORD="$(aws secretsmanager get-secret-value --secret-id "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --query SecretString --output text | jq -r .password)"`,
    ],
  },
  logicalReplication: {
    managed: "RDS: set rds.logical_replication = 1 in the instance's parameter group and reboot it (a change to the source stack's parameter group: if the source must stay untouched, use dump and restore)",
  },
  rcloneRemote: {
    managed: (c) => [`rclone config create ${remoteName(c)} s3 provider=AWS env_auth=true region=${c.target.region}`],
  },
  readSecret: (c) => `aws secretsmanager get-secret-value --secret-id "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --query SecretString --output text > value.txt`,
  writeSecret: (c) => `aws secretsmanager put-secret-value --secret-id "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --secret-string file://value.txt`,
  kubeconfig: {
    managed: (c) => ({
      commands: [`aws eks update-kubeconfig --name "${outputValue(c.stack, `${c.component}_connection`, "name")}" --region ${c.target.region} --alias ${c.side.toLowerCase()}`],
      kubectl: `kubectl --context ${c.side.toLowerCase()}`,
    }),
  },
  nameServers: (c) => `echo "${outputValue(c.stack, `${c.component}_connection`, "host")}" | tr ',' '\\n'`,
  certificate: (c) => {
    const cert = Object.keys(c.json.resource?.aws_acm_certificate ?? {}).find((id) => (c.json.resource!.aws_acm_certificate[id]["//"] as { metadata?: { path?: string } })?.metadata?.path?.split("/")[2] === c.component);
    // The stack's apply waits for the certificate's DNS validation (the HTTPS listener needs an
    // issued certificate), so the certificate is created first and validated where the domain
    // resolves today: for a zone that moves with the app, still the source's zone.
    return {
      beforeApply: cert
        ? [
            `terraform -chdir=${c.stack.dir} init`,
            `terraform -chdir=${c.stack.dir} apply -target=aws_acm_certificate.${cert}`,
            `terraform -chdir=${c.stack.dir} show -json | jq '.values.root_module.resources[] | select(.address=="aws_acm_certificate.${cert}") | .values.domain_validation_options'  # create these CNAME records where ${c.connection.host} resolves today, so the certificate is issued before the cut-over`,
          ]
        : [],
      afterApply: [],
      note: "ACM certificate validated by DNS: created first, its validation record set where the domain resolves today; the apply waits until it is issued",
    };
  },
  endpointRecord: (c) => [`aws elbv2 describe-load-balancers --names "${outputValue(c.stack, `${c.component}_connection`, "name")}" --query 'LoadBalancers[0].DNSName' --output text  # point ${c.connection.host} here (CNAME, or an alias record)`],
  logStoreIsBucket: { managed: false },
  exportLogs: {
    managed: (c) => [
      `aws logs create-export-task --log-group-name "${outputValue(c.stack, `${c.component}_connection`, "name")}" --from 0 --to "$(date +%s)000" --destination "$EXPORT_BUCKET" --destination-prefix ${c.component}  # EXPORT_BUCKET: an SSE-S3 bucket in the same region whose policy lets logs.${c.target.region}.amazonaws.com write`,
      `aws logs describe-export-tasks --status-code RUNNING  # wait until the task is COMPLETED`,
    ],
  },
  afterApply: () => [],
};

const SOVEREIGN: MoveFacts = {
  postgresCredentials: {
    vm: (c) => [
      `export ${c.side}_PGUSER=polder_admin`,
      `# the password is on the database instance (${c.connection.secret_ref.replace(/\$\{[^}]*\}/g, "<server id>")}): read it there through your admin path, then:`,
      `read -rs ${c.side}_PGPASSWORD && export ${c.side}_PGPASSWORD`,
    ],
    managed: (c) => [`export ${c.side}_PGUSER=root`, `# Trove: 'openstack database root enable <instance>' prints the root password once; then:`, `read -rs ${c.side}_PGPASSWORD && export ${c.side}_PGPASSWORD`],
  },
  logicalReplication: {
    vm: "on the source instance set wal_level = logical (postgresql.conf) and restart PostgreSQL; allow the destination's address in pg_hba.conf for replication",
    managed: "Trove: set wal_level = logical through a configuration group and restart the instance",
  },
  rcloneRemote: {
    s3: (c) => {
      const credential = stateAddress(c.connection.secret_ref);
      const setup = `${c.component}_bucket_setup`;
      return [
        `rclone config create ${remoteName(c)} s3 provider=Other endpoint=https://${outputValue(c.stack, `${c.component}_connection`, "host")} access_key_id="${outputValue(c.stack, setup, "access_key_id")}" secret_access_key="${credential ? stateValue(c.stack, credential.address, credential.attribute) : "<secret key>"}"`,
      ];
    },
    swift: (c) => [`rclone config create ${remoteName(c)} swift env_auth=true  # with OS_CLOUD set to the clouds.yaml entry of ${c.target.description}`],
  },
  readSecret: (c) => `openstack secret get "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --payload -f value -c Payload > value.txt`,
  writeSecret: (c) => `openstack secret update "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" "$(cat value.txt)"`,
  kubeconfig: {
    vm: (c) => ({
      commands: [
        `# k3s: copy /etc/rancher/k3s/k3s.yaml from the first control-plane instance (${c.connection.secret_ref.replace(/\$\{[^}]*\}/g, "<server id>")}) through your admin path to ./${c.side.toLowerCase()}-kubeconfig.yaml, then:`,
        `kubectl --kubeconfig ./${c.side.toLowerCase()}-kubeconfig.yaml config set-cluster default --server "${outputValue(c.stack, `${c.component}_connection`, "url")}"`,
      ],
      kubectl: `kubectl --kubeconfig ./${c.side.toLowerCase()}-kubeconfig.yaml`,
    }),
    managed: (c) => ({
      commands: [`openstack coe cluster config "${outputValue(c.stack, `${c.component}_connection`, "name")}" --dir ./${c.side.toLowerCase()}-kubeconfig`],
      kubectl: `kubectl --kubeconfig ./${c.side.toLowerCase()}-kubeconfig/config`,
    }),
  },
  nameServers: (c) => `openstack recordset list "${outputValue(c.stack, `${c.component}_connection`, "name")}." --type NS -f value -c records`,
  certificate: (c) => {
    const setup = c.json.output?.[`${c.component}_certificate_setup`]?.value as { commands?: string[] } | undefined;
    return {
      beforeApply: setup?.commands ? [...setup.commands] : [],
      afterApply: [],
      note: "Octavia terminates TLS with a Barbican certificate container that must exist before the apply (output " + `${c.component}_certificate_setup)`,
    };
  },
  endpointRecord: (c) =>
    c.json.output?.[`${c.component}_dns_record`]
      ? [`echo "${outputValue(c.stack, `${c.component}_dns_record`, "name")} ${outputValue(c.stack, `${c.component}_dns_record`, "type")} ${outputValue(c.stack, `${c.component}_dns_record`, "value")}"  # set this record where the domain's zone is served`]
      : [`# the endpoint's A record is created in the destination's Designate zone: it takes effect when that zone is delegated`],
  logStoreIsBucket: { s3: true, swift: true },
  exportLogs: {
    s3: () => [`# the log store is a bucket: its objects are copied with rclone like a bucket`],
    swift: () => [`# the log store is a Swift container: its objects are copied with rclone like a bucket`],
  },
  afterApply: (stack, json) =>
    Object.keys(json.output ?? {})
      .filter((o) => o.endsWith("_bucket_setup"))
      .flatMap((o) => [
        `export AWS_ACCESS_KEY_ID="${outputValue(stack, o, "access_key_id")}"`,
        `export AWS_SECRET_ACCESS_KEY="${(() => {
          const ref = (json.output?.[o.replace(/_bucket_setup$/, "_connection")]?.value as ConnectionValue | undefined)?.secret_ref ?? "";
          const a = stateAddress(ref);
          return a ? stateValue(stack, a.address, a.attribute) : "<secret key>";
        })()}"`,
        `terraform -chdir=${stack.dir} output -json ${o} | jq -r '.commands[]' | sh -e`,
      ]),
};

const UNKNOWN: MoveFacts = {
  postgresCredentials: {},
  logicalReplication: {},
  rcloneRemote: {},
  readSecret: (c) => `# read the value of ${c.component} with the provider's tools into value.txt`,
  writeSecret: (c) => `# write value.txt into ${c.component} with the provider's tools`,
  kubeconfig: {},
  nameServers: (c) => `# the name servers of zone ${c.connection.name} at ${c.target.description}`,
  certificate: () => ({ beforeApply: [], afterApply: [], note: "not described for this target kind" }),
  endpointRecord: (c) => [`# point ${c.connection.host} at the destination's load balancer`],
  logStoreIsBucket: {},
  exportLogs: {},
  afterApply: () => [],
};

const MOVES: Readonly<Record<string, MoveFacts>> = { aws: AWS, sovereign: SOVEREIGN };

export function movesFor(target: Pick<Target, "id">): MoveFacts {
  return MOVES[target.id] ?? UNKNOWN;
}
