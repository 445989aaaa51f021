import type { AppNames, UniqueName } from "../../core/unique-names";

/**
 * A resource name from parts, cut to a service's length limit. A cut name keeps a short hash of
 * the full name, so two long names that share a prefix stay distinct and stable across synths.
 */
export function boundedName(parts: readonly string[], max: number): string {
  const full = parts.join("-");
  if (full.length <= max) return full;
  const hash = fnv1a(full).toString(36).padStart(7, "0").slice(0, 6);
  return `${full.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The account id in a name: unknown at synth, the same for every app on one target. */
const ACCOUNT = "<account>";

/**
 * Every name an app gets on AWS that must be unique beyond the app — IAM (account), S3 (world;
 * the account id in each name makes it per account) and the regional names (load balancers,
 * clusters, databases, log groups, WAF) — as the realizers in this folder derive them. A test
 * holds this list to the synthesized JSON. Names joined with `-` from the app and component
 * names can collide across apps (`x-y` + `a` and `x` + `y-a`); they are existing names, so they
 * keep their form and the synth refuses a collision instead.
 */
export function awsUniqueNames(app: AppNames): UniqueName[] {
  const names: UniqueName[] = [
    { namespace: "IAM role", name: `${app.name}-vpc-flow-logs` },
    { namespace: "CloudWatch log group", name: `/polder/${app.name}/vpc-flow-logs` },
    { namespace: "KMS alias", name: `alias/polder/${app.name}` },
  ];
  if (app.components.some((c) => c.kind === "bucket" || c.kind === "public-endpoint")) names.push({ namespace: "S3 bucket", name: `${app.name}-${ACCOUNT}-access-logs` });
  for (const c of app.components) {
    const id = `${app.name}-${c.name}`;
    const add = (namespace: string, name: string) => names.push({ namespace, name, component: c.name });
    switch (c.kind) {
      case "key":
        add("KMS alias", `alias/polder/${app.name}/${c.name}`);
        break;
      case "secret":
        add("Secrets Manager secret", `polder/${app.name}/${c.name}`);
        break;
      case "log-sink":
        add("CloudWatch log group", `/polder/${app.name}/${c.name}`);
        break;
      case "bucket":
        add("S3 bucket", `${id}-${ACCOUNT}`);
        break;
      case "postgres":
        add("RDS DB instance", id);
        add("RDS DB subnet group", id);
        add("RDS DB parameter group", id);
        add("IAM role", `${id}-rds-monitoring`);
        // RDS writes its log exports to these groups; Polder creates them first (app key, retention).
        for (const log of ["postgresql", "upgrade"]) add("CloudWatch log group", `/aws/rds/instance/${id}/${log}`);
        break;
      case "kubernetes":
        add("EKS cluster", id);
        add("IAM role", `${id}-eks-cluster`);
        add("IAM role", `${id}-eks-nodes`);
        add("IAM role", `${id}-workload`);
        add("CloudWatch log group", `/aws/eks/${id}/cluster`);
        add("EC2 launch template", `${id}-nodes`);
        break;
      case "vm-group":
        add("IAM role", `${id}-vms`);
        add("IAM instance profile", `${id}-vms`);
        add("EC2 launch template", `${id}-vms`);
        add("Auto Scaling group", id);
        break;
      case "public-endpoint":
        add("load balancer", boundedName([app.name, c.name], 32));
        add("target group", boundedName([app.name, c.name], 32));
        add("WAF web ACL", id);
        add("CloudWatch log group", `aws-waf-logs-${id}`);
        break;
      case "dns-zone":
        break;
    }
  }
  return names;
}

/** An IAM statement id (alphanumeric only) from a purpose and a component name. */
export function sid(purpose: string, component: string): string {
  return purpose + component.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
