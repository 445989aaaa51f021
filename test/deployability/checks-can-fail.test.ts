// Each class check fails on a known-bad stack: today's good output with one defect of the class
// put back (the defects issue #9 found in the output before the fixes).
import { describe, expect, test } from "vitest";
import type { StackUnderTest } from "./adapter";
import { dataAccessProblems, egressProblems, flowProblems, keyUseProblems, reachProblems } from "./checks";
import { ADAPTERS, exampleStacks } from "./stacks";

function broken(label: string, breakIt: (json: any) => void): StackUnderTest {
  const s = exampleStacks().find((x) => x.label === label)!;
  const json = structuredClone(s.json);
  breakIt(json);
  return { ...s, json };
}
const entry = (json: any, type: string, part: string): [string, any] => Object.entries(json.resource[type]).find(([id]) => id.includes(part)) as [string, any];

describe("each class check fails on a known-bad stack", () => {
  test("Key use: a key policy without the Auto Scaling service-linked role (encrypted volumes of a VM group)", () => {
    const s = broken("intake on aws", (json) => {
      const doc = Object.values(json.data.aws_iam_policy_document).find((d: any) => d.statement.some((st: any) => st.sid === "AccountAdministers")) as any;
      doc.statement = doc.statement.filter((st: any) => !String(st.sid).startsWith("AutoScaling"));
    });
    expect(keyUseProblems(ADAPTERS.aws, s).join("\n")).toContain("slr:autoscaling");
  });
  test("Key use: an EKS cluster role without its key policy", () => {
    const s = broken("logistics on aws", (json) => delete json.resource.aws_iam_role_policy[entry(json, "aws_iam_role_policy", "cluster-key-policy")[0]]);
    expect(keyUseProblems(ADAPTERS.aws, s).join("\n")).toContain("the EKS cluster role encrypts Kubernetes secrets");
  });
  test("Flows: a VM group that may leave only on 443 cannot reach its database", () => {
    const s = broken("intake on aws", (json) => delete json.resource.aws_vpc_security_group_egress_rule[entry(json, "aws_vpc_security_group_egress_rule", "egress-intake-db")[0]]);
    expect(flowProblems(ADAPTERS.aws, s).join("\n")).toContain("forms → intake-db:5432");
  });
  test("Flows: an ingress rule no flow needs", () => {
    const s = broken("planning on sovereign", (json) => {
      json.resource.openstack_networking_secgroup_rule_v2.extra = { direction: "ingress", ethertype: "IPv4", protocol: "tcp", port_range_min: 3389, port_range_max: 3389, remote_ip_prefix: "10.0.0.0/8", security_group_id: entry(json, "openstack_networking_secgroup_rule_v2", "sg-5432")[1].security_group_id };
    });
    expect(flowProblems(ADAPTERS.sovereign, s).join("\n")).toContain("serves no flow of the spec");
  });
  test("Flows: a workload role without access to the bucket and the database secret", () => {
    const s = broken("intake on aws", (json) => delete json.resource.aws_iam_role_policy[entry(json, "aws_iam_role_policy", "forms_data-access")[0]]);
    expect(dataAccessProblems(ADAPTERS.aws, s).join("\n")).toMatch(/may not s3:GetObject on uploads[\s\S]*may not secretsmanager:GetSecretValue on intake-db/);
  });
  test("Reachable secrets: a postgres vm password on an instance without the admins' key pair", () => {
    const s = broken("planning on sovereign", (json) => delete entry(json, "openstack_compute_instance_v2", "plans-db")[1].key_pair);
    expect(reachProblems(ADAPTERS.sovereign, s).join("\n")).toContain("plans-db_connection");
  });
  test("Reachable secrets: a Barbican secret without a payload", () => {
    const s = broken("planning on sovereign", (json) => {
      const [id] = entry(json, "openstack_keymanager_container_v1", "db-credentials");
      delete json.resource.openstack_keymanager_container_v1[id];
      json.resource.openstack_keymanager_secret_v1 = { [id]: { name: "planning-db-credentials", secret_type: "opaque" } };
      json.output["db-credentials_connection"].value.secret_ref = `\${openstack_keymanager_secret_v1.${id}.secret_ref}`;
    });
    expect(reachProblems(ADAPTERS.sovereign, s).join("\n")).toContain("without a payload");
  });
  test("Admin paths: an EKS cluster with authentication mode API and no access entry", () => {
    const s = broken("logistics on aws", (json) => {
      delete json.resource.aws_eks_access_entry;
      delete json.resource.aws_eks_access_policy_association;
    });
    expect(reachProblems(ADAPTERS.aws, s).join("\n")).toContain("no access entry");
  });
  test("Per-target rendering: a CAA value in Route 53's form on Designate", () => {
    const s = broken("logistics on sovereign", (json) => (entry(json, "openstack_dns_recordset_v2", "caa")[1].records = ['0 issue "letsencrypt.org"']));
    expect(ADAPTERS.sovereign.renderingProblems(s).join("\n")).toContain("refused by Designate");
  });
  test("Egress: a router with SNAT to the external network for a stg-geheim app without a public endpoint", () => {
    const s = broken("planning on sovereign", (json) => {
      const ext = Object.entries(json.data.openstack_networking_network_v2).find(([, n]: any) => n.name === "public")![0];
      json.resource.openstack_networking_router_v2.extra = { name: "planning", external_network_id: `\${data.openstack_networking_network_v2.${ext}.id}` };
    });
    expect(egressProblems(ADAPTERS.sovereign, s, []).join("\n")).toContain("no public endpoint needs one");
  });
  test("Egress: a private route to the internet for a departementaal-vertrouwelijk app", () => {
    const s = broken("intake on aws", (json) => {
      json.resource.aws_route ??= {};
      json.resource.aws_route.extra = { route_table_id: `\${aws_route_table.${entry(json, "aws_route_table", "private-0")[0]}.id}`, destination_cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.x.id}" };
      json.resource.aws_route_table_association ??= {};
      json.resource.aws_route_table_association.extra = { route_table_id: `\${aws_route_table.${entry(json, "aws_route_table", "private-0")[0]}.id}`, subnet_id: `\${aws_subnet.${entry(json, "aws_subnet", "network_private-0")[0]}.id}` };
    });
    expect(egressProblems(ADAPTERS.aws, s, []).join("\n")).toContain("a default route to the internet");
  });
  test("Azure key use: a storage account whose customer-managed key identity has no role on the key", () => {
    const s = broken("intake on azure", (json) => delete json.resource.azurerm_role_assignment[entry(json, "azurerm_role_assignment", "cmk-key-use")[0]]);
    expect(keyUseProblems(ADAPTERS.azure, s).join("\n")).toContain("its customer-managed key identity wraps and unwraps the data key");
  });
  test("Azure flows: a VM group without its NSG egress to the database", () => {
    const s = broken("intake on azure", (json) => delete json.resource.azurerm_network_security_rule[entry(json, "azurerm_network_security_rule", "postgres-out")[0]]);
    expect(flowProblems(ADAPTERS.azure, s).join("\n")).toContain("forms → intake-db:5432");
  });
  test("Azure admin paths: an AKS cluster without the deployer's RBAC Cluster Admin role", () => {
    const s = broken("logistics on azure", (json) => delete json.resource.azurerm_role_assignment[entry(json, "azurerm_role_assignment", "deployer-admin")[0]]);
    expect(reachProblems(ADAPTERS.azure, s).join("\n")).toContain("Azure Kubernetes Service RBAC Cluster Admin");
  });
  test("Azure egress: a NAT gateway on the workload subnet of a departementaal-vertrouwelijk app", () => {
    const s = broken("intake on azure", (json) => {
      json.resource.azurerm_subnet_nat_gateway_association = { extra: { subnet_id: `\${azurerm_subnet.${entry(json, "azurerm_subnet", "private-0")[0]}.id}`, nat_gateway_id: "${azurerm_nat_gateway.x.id}" } };
    });
    expect(egressProblems(ADAPTERS.azure, s, []).join("\n")).toContain("leaves through NAT gateway");
  });
  test("Egress: Cloud NAT and HTTPS to anywhere for a departementaal-vertrouwelijk app on Google Cloud", () => {
    const s = broken("intake on gcp", (json) => {
      json.resource.google_compute_router_nat = { extra: { name: "intake", router: "intake", nat_ip_allocate_option: "AUTO_ONLY", source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES" } };
      entry(json, "google_compute_firewall", "egress-https")[1].destination_ranges = ["0.0.0.0/0"];
    });
    const problems = egressProblems(ADAPTERS.gcp, s, []).join("\n");
    expect(problems).toContain("a default route to the internet");
    expect(problems).toContain("egress to 0.0.0.0/0 ports 443-443");
  });
  test("Key use and data access on Google Cloud: Cloud SQL created before its agent's grant, a bucket without the workloads' object access", () => {
    const s = broken("intake on gcp", (json) => {
      entry(json, "google_sql_database_instance", "intake-db")[1].depends_on = [];
      delete json.resource.google_storage_bucket_iam_member;
    });
    expect(keyUseProblems(ADAPTERS.gcp, s).join("\n")).toContain("does not wait for the grant");
    expect(dataAccessProblems(ADAPTERS.gcp, s).join("\n")).toContain("may not read and write objects of bucket uploads");
  });
});
