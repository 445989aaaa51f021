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

/** Whether an object output of the stack has a field (e.g. the `dns_record` of an endpoint whose zone is served elsewhere). */
const hasField = (json: StackJson, output: string, field: string) => {
  const v = json.output?.[output]?.value;
  return typeof v === "object" && v !== null && field in v;
};

const AZURE: MoveFacts = {
  postgresCredentials: {
    // The Entra admin of the server is the app's workload identity (secret_ref): sign in as it on a
    // migration host in Azure that has it assigned, then a token is the password (about an hour).
    managed: (c) => [
      `az login --identity --resource-id "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}"  # on a migration host in Azure that has this managed identity assigned (the server's Entra admin)`,
      `export ${c.side}_PGUSER="$(terraform -chdir=${c.stack.dir} output -json ${c.component}_connection | jq -r '.url' | sed -E 's#^postgres://([^@]+)@.*#\\1#')"`,
      `export ${c.side}_PGPASSWORD="$(az account get-access-token --resource-type oss-rdbms --query accessToken --output tsv)"  # an Entra token: valid about an hour, fetch it again for a long copy`,
    ],
  },
  logicalReplication: {
    managed: "flexible server: set the server parameter wal_level = logical and restart the server (a change to the source stack: if the source must stay untouched, use dump and restore)",
  },
  rcloneRemote: {
    // The connection's name is `<account>/<container>`: a combine remote maps the account folder onto
    // an azureblob remote of that account, so `<side>:<account>/<container>` works as for any bucket.
    managed: (c) => {
      const blob = `${remoteName(c)}-blob`;
      const account = `"$(terraform -chdir=${c.stack.dir} output -json ${c.component}_connection | jq -r '.name' | cut -d/ -f1)"`;
      return [
        `rclone config create ${blob} azureblob account=${account} env_auth=true  # Entra ID sign-in (az login or the host's managed identity) with Storage Blob Data Contributor on the account; shared keys are off`,
        `rclone config create ${remoteName(c)} combine upstreams="$(terraform -chdir=${c.stack.dir} output -json ${c.component}_connection | jq -r '.name' | cut -d/ -f1)=${blob}:"`,
      ];
    },
  },
  readSecret: (c) => `az keyvault secret show --id "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --query value --output tsv > value.txt`,
  writeSecret: (c) => {
    const ref = outputValue(c.stack, `${c.component}_connection`, "secret_ref");
    return `az keyvault secret set --vault-name "$(echo "${ref}" | cut -d/ -f3 | cut -d. -f1)" --name "$(echo "${ref}" | cut -d/ -f5)" --file value.txt`;
  },
  kubeconfig: {
    managed: (c) => {
      const file = `./${c.side.toLowerCase()}-kubeconfig.yaml`;
      return {
        commands: [
          `${c.side}_AKS="${outputValue(c.stack, `${c.component}_connection`, "name")}"`,
          `az aks get-credentials --name "$${c.side}_AKS" --resource-group "$(az aks list --query "[?name=='$${c.side}_AKS'].resourceGroup | [0]" --output tsv)" --file ${file}  # a private cluster: run from a host that reaches its private FQDN`,
          `kubelogin convert-kubeconfig -l azurecli --kubeconfig ${file}  # Entra ID sign-in`,
        ],
        kubectl: `kubectl --kubeconfig ${file}`,
      };
    },
  },
  nameServers: (c) => `echo "${outputValue(c.stack, `${c.component}_connection`, "host")}" | tr ',' '\\n'`,
  certificate: (c) => {
    const setup = `${c.component}_certificate_setup`;
    return {
      beforeApply: [],
      afterApply: c.json.output?.[setup]
        ? [`az keyvault certificate import --vault-name "${outputValue(c.stack, setup, "vault")}" --name "${outputValue(c.stack, setup, "certificate")}" --file ./${c.component}.pfx  # the CA-issued certificate of ${c.connection.host} with its key`]
        : [],
      note: `the first certificate is self-signed by Key Vault so the apply finishes; the CA-issued one is imported after the apply (output ${setup}), before the cut-over`,
    };
  },
  endpointRecord: (c) =>
    hasField(c.json, `${c.component}_certificate_setup`, "dns_record")
      ? [`${outputValue(c.stack, `${c.component}_certificate_setup`, "dns_record")}  # set this record (name, type, value) where the domain's zone is served`]
      : [`# the endpoint's A record is created in the destination's Azure DNS zone: it takes effect when that zone is delegated`],
  logStoreIsBucket: { managed: true },
  exportLogs: {
    managed: () => [`# the log store is a blob container: its blobs are copied with rclone like a bucket (or az storage blob download-batch)`],
  },
  afterApply: () => [],
};

const GCP: MoveFacts = {
  postgresCredentials: {
    // IAM database authentication: the database user is the app's workload service account
    // (secret_ref); an operator allowed to impersonate it uses its access token as the password.
    managed: (c) => [
      `${c.side}_SA="$(terraform -chdir=${c.stack.dir} output -json ${c.component}_connection | jq -r '.secret_ref' | sed 's#.*/##')"  # the workload service account's email`,
      `export ${c.side}_PGUSER="\${${c.side}_SA%.gserviceaccount.com}"`,
      `export ${c.side}_PGPASSWORD="$(gcloud auth print-access-token --impersonate-service-account="$${c.side}_SA")"  # needs roles/iam.serviceAccountTokenCreator on it; valid an hour (or gcloud sql generate-login-token)`,
    ],
  },
  logicalReplication: {
    managed: "Cloud SQL: set the database flag cloudsql.logical_decoding = on and restart the instance (a change to the source stack: if the source must stay untouched, use dump and restore)",
  },
  rcloneRemote: {
    // A sovereign universe has its own storage host (the connection's host); the public one needs no endpoint.
    managed: (c) => [
      `rclone config create ${remoteName(c)} gcs env_auth=true bucket_policy_only=true${(c.target as Target & { universeDomain?: string }).universeDomain ? ` endpoint="https://${outputValue(c.stack, `${c.component}_connection`, "host")}/storage/v1/"` : ""}  # application-default credentials (gcloud auth application-default login) of ${c.target.description}`,
    ],
  },
  readSecret: (c) =>
    c.connection.strategy === "storage"
      ? `gcloud storage cat "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" > value.txt`
      : `gcloud secrets versions access latest --secret="${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" > value.txt`,
  writeSecret: (c) =>
    c.connection.strategy === "storage"
      ? `gcloud storage cp value.txt "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}"`
      : `gcloud secrets versions add "${outputValue(c.stack, `${c.component}_connection`, "secret_ref")}" --data-file=value.txt`,
  kubeconfig: Object.fromEntries(
    ["managed", "autopilot"].map((strategy) => [
      strategy,
      (c: SideContext) => {
        const file = `./${c.side.toLowerCase()}-kubeconfig.yaml`;
        const project = (c.target as Target & { project?: string }).project;
        return {
          commands: [`KUBECONFIG=${file} gcloud container clusters get-credentials "${outputValue(c.stack, `${c.component}_connection`, "name")}" --region ${c.target.region}${project ? ` --project ${project}` : ""} --dns-endpoint`],
          kubectl: `kubectl --kubeconfig ${file}`,
        };
      },
    ]),
  ),
  nameServers: (c) =>
    c.connection.strategy === "external"
      ? `# zone ${c.connection.name} is served outside Google Cloud (output ${c.component}_dns_records): its name servers are that DNS's`
      : `echo "${outputValue(c.stack, `${c.component}_connection`, "host")}" | tr ',' '\\n'`,
  certificate: (c) => {
    const record = `${c.component}_certificate_validation_record`;
    return {
      beforeApply: [],
      afterApply: c.json.output?.[record]
        ? [`echo "${outputValue(c.stack, record, "name")} ${outputValue(c.stack, record, "type")} ${outputValue(c.stack, record, "value")}"  # create this record where ${c.connection.host} resolves today: the certificate is issued once it resolves`]
        : [],
      note: c.json.output?.[record]
        ? `Certificate Manager certificate with DNS authorization: its validation record (output ${record}) is set where the domain resolves today, after the apply`
        : "Certificate Manager certificate with DNS authorization: its validation record is created in the destination's Cloud DNS zone",
    };
  },
  endpointRecord: (c) =>
    c.json.output?.[`${c.component}_dns_record`]
      ? [`echo "${outputValue(c.stack, `${c.component}_dns_record`, "name")} ${outputValue(c.stack, `${c.component}_dns_record`, "type")} ${outputValue(c.stack, `${c.component}_dns_record`, "value")}"  # set this record where the domain's zone is served`]
      : [`# the endpoint's A record is created in the destination's Cloud DNS zone: it takes effect when that zone is delegated`],
  logStoreIsBucket: { managed: false },
  exportLogs: {
    managed: (c) => [
      `gcloud logging read 'timestamp>="1970-01-01T00:00:00Z"' --bucket="${outputValue(c.stack, `${c.component}_connection`, "name")}" --location=${c.target.region} --view=_AllLogs --format=json > ${c.component}.json`,
      `gcloud storage cp ${c.component}.json "gs://$EXPORT_BUCKET/${c.component}/"  # EXPORT_BUCKET: a CMEK bucket in the source project, reached by the 'src' remote`,
    ],
  },
  afterApply: (stack, json) =>
    Object.keys(json.output ?? {})
      .filter((o) => o.endsWith("_dns_records"))
      .map((o) => `terraform -chdir=${stack.dir} output -json ${o} | jq -r '.records[]' | jq -r '"\\(.name) \\(.ttl) \\(.type) \\(.rrdatas | join(" "))"'  # create these records in the DNS that serves the zone`),
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

const MOVES: Readonly<Record<string, MoveFacts>> = { aws: AWS, sovereign: SOVEREIGN, azure: AZURE, gcp: GCP };

export function movesFor(target: Pick<Target, "id">): MoveFacts {
  return MOVES[target.id] ?? UNKNOWN;
}
