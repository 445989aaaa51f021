import { describe, expect, test } from "vitest";
import { targets } from "../lib/targets";
import { onlyResource, resourcesOf, specWith, synthApp } from "./support/synth";

const aws = targets.aws({ region: "eu-central-1" });
const synth = (components: Parameters<typeof specWith>[0], extra = {}) => synthApp(specWith(components, extra), aws).json;
const appKeyRef = (json: any) => `\${aws_kms_key.${Object.keys(json.resource.aws_kms_key).find((k) => k.includes("foundation"))}.arn}`;

describe("AWS app foundation", () => {
  test("every app gets a rotating customer-managed key that cannot be destroyed", () => {
    const key = onlyResource(synth({}), "aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });
});

describe("AWS network", () => {
  const json = synth({});

  test("spreads private and public subnets over the zones, as planned", () => {
    const cidrs = resourcesOf(json, "aws_subnet").map(([, s]) => s.cidr_block).sort();
    expect(cidrs).toEqual(["10.0.0.0/19", "10.0.128.0/19", "10.0.160.0/19", "10.0.32.0/19"]);
  });

  test("public subnets do not hand out public IPs", () => {
    for (const [, s] of resourcesOf(json, "aws_subnet")) expect(s.map_public_ip_on_launch ?? false).toBe(false);
  });

  test("the default security group allows nothing", () => {
    expect(onlyResource(json, "aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });

  test("flow logs of all traffic go to a log group encrypted with the app key", () => {
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL" });
    const group = onlyResource(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ retention_in_days: 365, kms_key_id: appKeyRef(json) });
  });

  test("one NAT gateway per zone", () => {
    expect(resourcesOf(json, "aws_nat_gateway")).toHaveLength(2);
  });
});

describe("AWS postgres", () => {
  const json = synth({ db: { kind: "postgres", size: "medium" } });
  const db = onlyResource(json, "aws_db_instance");

  test("storage is encrypted with the app key", () => {
    expect(db).toMatchObject({ storage_encrypted: true, kms_key_id: appKeyRef(json) });
  });

  test("is not publicly accessible", () => {
    expect(db.publicly_accessible).toBe(false);
  });

  test("has deletion protection and prevent_destroy by default", () => {
    expect(db).toMatchObject({ deletion_protection: true, lifecycle: { prevent_destroy: true }, skip_final_snapshot: false });
  });

  test("keeps backups", () => {
    expect(db.backup_retention_period).toBe(14);
  });

  test("the master password is managed by Secrets Manager, never in the JSON", () => {
    expect(db.manage_master_user_password).toBe(true);
    expect(db.password).toBeUndefined();
    expect(db.master_user_secret_kms_key_id).toBe(appKeyRef(json));
  });

  test("TLS is forced", () => {
    expect(onlyResource(json, "aws_db_parameter_group").parameter).toContainEqual({ name: "rds.force_ssl", value: "1" });
  });

  test("medium maps to a highly available r7g instance", () => {
    expect(db).toMatchObject({ instance_class: "db.r7g.large", multi_az: true });
  });

  test("an override replaces the instance class", () => {
    const j = synth({ db: { kind: "postgres", overrides: { aws: { instanceClass: "db.m7g.large" } } } });
    expect(onlyResource(j, "aws_db_instance").instance_class).toBe("db.m7g.large");
  });

  test("deletion protection can be turned off explicitly", () => {
    const j = synth({ db: { kind: "postgres", deletionProtection: false } });
    const d = onlyResource(j, "aws_db_instance");
    expect(d.deletion_protection).toBe(false);
    expect(d.lifecycle).toBeUndefined();
  });
});

describe("AWS bucket", () => {
  const json = synth({ docs: { kind: "bucket" } });
  // The app's access-log bucket is another aws_s3_bucket: look at the component's own resources.
  const docs = (type: string) => {
    const all = resourcesOf(json, type).filter(([id]) => id.startsWith("demo_docs_"));
    if (all.length !== 1) throw new Error(`expected one ${type} of component docs, found ${all.length}`);
    return all[0][1];
  };

  test("blocks every kind of public access", () => {
    expect(docs("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });

  test("encrypts with the app key", () => {
    const rule = docs("aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: appKeyRef(json) });
  });

  test("is versioned", () => {
    expect(docs("aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
  });

  test("denies requests without TLS", () => {
    const [, doc] = resourcesOf({ resource: json.data }, "aws_iam_policy_document").find(([id]) => id.includes("tls-only"))!;
    expect(doc.statement[0]).toMatchObject({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] });
  });

  test("cannot be destroyed by default", () => {
    expect(docs("aws_s3_bucket")).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });
});

describe("AWS kubernetes", () => {
  const json = synth({ k8s: { kind: "kubernetes", size: "large" } });
  const cluster = onlyResource(json, "aws_eks_cluster");

  test("the API endpoint is private only", () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
  });

  test("Kubernetes secrets are encrypted with the app key", () => {
    expect(cluster.encryption_config).toEqual({ provider: { key_arn: appKeyRef(json) }, resources: ["secrets"] });
  });

  test("all control-plane log types are enabled", () => {
    expect(cluster.enabled_cluster_log_types).toHaveLength(5);
  });

  test("large maps to a node group of 3 to 12 nodes", () => {
    expect(onlyResource(json, "aws_eks_node_group").scaling_config).toEqual({ min_size: 3, desired_size: 6, max_size: 12 });
  });

  test("nodes require IMDSv2 and encrypted disks", () => {
    const lt = onlyResource(json, "aws_launch_template");
    expect(lt.metadata_options.http_tokens).toBe("required");
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", kms_key_id: appKeyRef(json) });
  });
});

describe("AWS vm-group", () => {
  const json = synth({ vms: { kind: "vm-group", count: 3, port: 9000 } });

  test("runs count machines in the private subnets", () => {
    const asg = onlyResource(json, "aws_autoscaling_group");
    expect(asg).toMatchObject({ min_size: 3, max_size: 3, desired_capacity: 3 });
    expect(asg.vpc_zone_identifier.every((s: string) => s.includes("private"))).toBe(true);
  });

  test("opens the workload port to the app network only", () => {
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    expect(rules).toEqual([expect.objectContaining({ from_port: 9000, to_port: 9000, cidr_ipv4: "10.0.0.0/16" })]);
  });
});

describe("AWS key, secret and log sink", () => {
  test("a key component rotates and cannot be destroyed", () => {
    const keys = resourcesOf(synth({ signing: { kind: "key" } }), "aws_kms_key").filter(([id]) => id.includes("signing"));
    expect(keys[0][1]).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test("a secret is encrypted with the app key and has no value in Terraform", () => {
    const json = synth({ token: { kind: "secret" } });
    expect(onlyResource(json, "aws_secretsmanager_secret").kms_key_id).toBe(appKeyRef(json));
    expect(json.resource!.aws_secretsmanager_secret_version).toBeUndefined();
  });

  test("a log sink keeps records for its retention, encrypted, and survives destroy", () => {
    const json = synth({ audit: { kind: "log-sink", retentionDays: 3653 } });
    const [, group] = resourcesOf(json, "aws_cloudwatch_log_group").find(([id]) => id.includes("audit"))!;
    expect(group).toMatchObject({ retention_in_days: 3653, kms_key_id: appKeyRef(json), skip_destroy: true, lifecycle: { prevent_destroy: true } });
  });
});

describe("AWS dns-zone", () => {
  const json = synth({ zone: { kind: "dns-zone", domain: "example.nl", records: [{ name: "@", type: "TXT", values: ["v=spf1 -all"] }, { name: "www", type: "CNAME", values: ["example.nl"] }] } });

  test("creates the zone and one record per entry, named in the zone", () => {
    expect(onlyResource(json, "aws_route53_zone").name).toBe("example.nl");
    expect(resourcesOf(json, "aws_route53_record").map(([, r]) => r.name).sort()).toEqual(["example.nl", "www.example.nl"]);
  });
});

describe("AWS public-endpoint", () => {
  const json = synth({
    vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
    zone: { kind: "dns-zone", domain: "example.nl" },
    web: { kind: "public-endpoint", domain: "app.example.nl", backend: "vms", zone: "zone" },
  });
  const ready = synth({
    vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
    zone: { kind: "dns-zone", domain: "example.nl" },
    web: { kind: "public-endpoint", domain: "app.example.nl", backend: "vms", zone: "zone", awaitCertificate: true },
  });

  test("the first apply does not wait for certificate validation: no HTTPS listener yet, an output names the second step", () => {
    expect(json.resource!.aws_acm_certificate_validation).toBeUndefined();
    expect(resourcesOf(json, "aws_lb_listener").map(([, l]) => l.port)).toEqual([80]);
    expect(json.output!.web_next_step.value).toContain("set awaitCertificate: true");
  });

  test("with awaitCertificate, the HTTPS listener uses the validated certificate and a TLS 1.2+ policy", () => {
    const https = resourcesOf(ready, "aws_lb_listener").find(([, l]) => l.port === 443)![1];
    expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect(https.certificate_arn).toContain("aws_acm_certificate_validation.");
  });

  test("HTTP only redirects to HTTPS", () => {
    const http = resourcesOf(json, "aws_lb_listener").find(([, l]) => l.port === 80)![1];
    expect(http.default_action[0]).toMatchObject({ type: "redirect", redirect: { protocol: "HTTPS", status_code: "HTTP_301" } });
  });

  test("the load balancer drops invalid headers and is protected from deletion", () => {
    expect(onlyResource(json, "aws_lb")).toMatchObject({ internal: false, drop_invalid_header_fields: true, enable_deletion_protection: true });
  });

  test("the certificate is validated through the app's zone and the name points at the load balancer", () => {
    const names = resourcesOf(json, "aws_route53_record").map(([id, r]) => [id, r.type ?? "", r.alias ? "alias" : ""].join(" "));
    expect(names.some((n) => n.includes("certificate-validation-record"))).toBe(true);
    expect(names.some((n) => n.includes("A alias"))).toBe(true);
  });

  test("a WAF with managed rules guards the load balancer", () => {
    expect(onlyResource(json, "aws_wafv2_web_acl").rule.map((r: any) => r.name)).toContain("AWSManagedRulesCommonRuleSet");
    expect(onlyResource(json, "aws_wafv2_web_acl_association")).toBeDefined();
  });

  test("the backend accepts traffic on its port from the load balancer only", () => {
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    expect(rules).toContainEqual(expect.objectContaining({ from_port: 8080, referenced_security_group_id: expect.stringContaining("web_sg") }));
  });

  test("without a zone the validation record becomes an output", () => {
    const j = synth({ vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" }, web: { kind: "public-endpoint", domain: "app.example.nl", backend: "vms" } });
    expect(Object.keys(j.output!)).toContain("web_certificate_validation_record");
  });
});

describe("AWS postgres log exports", () => {
  const json = synth({ db: { kind: "postgres" } });
  test("the log groups RDS exports to exist first, encrypted with the app key and kept for a year", () => {
    const groups = resourcesOf(json, "aws_cloudwatch_log_group").filter(([id]) => id.includes("_db_logs-")).map(([, g]) => g);
    expect(groups.map((g) => g.name).sort()).toEqual(["/aws/rds/instance/demo-db/postgresql", "/aws/rds/instance/demo-db/upgrade"]);
    for (const g of groups) expect(g).toMatchObject({ kms_key_id: appKeyRef(json), retention_in_days: 365 });
    expect(onlyResource(json, "aws_db_instance").depends_on).toHaveLength(2);
  });
});
