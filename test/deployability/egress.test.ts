// Egress of classified apps (departementaal-vertrouwelijk and above): no route to the internet,
// only to destinations the target names, which their cloud-init uses.
import { describe, expect, test } from "vitest";
import { targets } from "../../lib/targets";
import { sovereignTarget, TEST_EGRESS } from "../support/sovereign";
import { specWith, synthApp } from "../support/synth";

const BOOT = "#cloud-config\npackages: [nginx]\n";
const spec = (classification: string) =>
  specWith({ vms: { kind: "vm-group", bootstrap: BOOT }, db: { kind: "postgres" } }, { classification: classification as never, decision: "BZK 2026-0042" });
const values = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
const ids = (json: any, type: string): string[] => Object.keys(json.resource?.[type] ?? {});

describe("sovereign", () => {
  const classified = synthApp(spec("departementaal-vertrouwelijk"), sovereignTarget()).json as any;
  const open = synthApp(spec("intern"), sovereignTarget()).json as any;
  test("without a public endpoint, no router to the external network at all", () => {
    expect(ids(classified, "openstack_networking_router_v2").map((id) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual(["demo_network_egress-router"]);
  });
  test("with a public endpoint, a router to the external network for its load-balancer subnets only", () => {
    const withEndpoint = specWith(
      { vms: { kind: "vm-group", bootstrap: BOOT }, web: { kind: "public-endpoint", domain: "www.example.nl", backend: "vms" } },
      { classification: "departementaal-vertrouwelijk", decision: "BZK 2026-0042" },
    );
    const j = synthApp(withEndpoint, sovereignTarget({ services: { keyManager: true } })).json as any;
    const publicRouter = ids(j, "openstack_networking_router_v2").find((id) => /_network_router_/.test(id))!;
    const viaPublic = Object.entries(j.resource.openstack_networking_router_interface_v2).filter(([, i]) => (i as any).router_id.includes(publicRouter)).map(([id]) => id);
    expect(viaPublic.length).toBe(2);
    expect(viaPublic.every((id) => id.includes("_public-"))).toBe(true);
  });
  test("private subnets route through the target's egress network, not the external network", () => {
    const egressRouter = ids(classified, "openstack_networking_router_v2").find((id) => id.includes("egress-router"))!;
    const privateIfs = Object.entries(classified.resource.openstack_networking_router_interface_v2).filter(([id]) => id.includes("private"));
    for (const [, i] of privateIfs) expect((i as any).router_id).toContain(egressRouter);
    expect(Object.values(classified.data.openstack_networking_network_v2).map((n: any) => n.name)).toContain(TEST_EGRESS.network);
  });
  test("no Neutron default egress: only the app network, the metadata service and the named destinations", () => {
    for (const g of values(classified, "openstack_networking_secgroup_v2")) expect(g.delete_default_rules).toBe(true);
    const egress = values(classified, "openstack_networking_secgroup_rule_v2").filter((r) => r.direction === "egress").map((r) => r.remote_ip_prefix);
    expect(egress.sort()).toEqual(["10.0.0.0/16", "169.254.169.254/32", ...TEST_EGRESS.cidrs].sort());
  });
  test("cloud-init uses the proxy: the bootstrap gets it prepended, the database's setup exports it", () => {
    const users = values(classified, "openstack_compute_instance_v2").map((i) => i.user_data as string);
    expect(users.find((u) => u.includes("packages: [nginx]"))).toContain(`http_proxy: ${TEST_EGRESS.proxy}`);
    expect(users.find((u) => u.includes("polder-postgres-setup"))).toContain(`export http_proxy=${TEST_EGRESS.proxy}`);
  });
  test("an intern app keeps the one router and Neutron's default egress", () => {
    expect(values(open, "openstack_networking_router_v2")).toHaveLength(1);
    for (const g of values(open, "openstack_networking_secgroup_v2")) expect(g.delete_default_rules).toBeUndefined();
  });
  test("without the target's egress, a classified app's private subnets have no router at all", () => {
    const j = synthApp(spec("departementaal-vertrouwelijk"), sovereignTarget({ egress: undefined })).json as any;
    expect(ids(j, "openstack_networking_router_interface_v2").filter((id) => id.includes("private"))).toEqual([]);
  });
});

describe("AWS", () => {
  const egress = { proxy: "http://proxy.example.nl:3128", cidrs: ["10.255.0.0/24"], transitGatewayId: "tgw-0123456789abcdef0" };
  const classified = synthApp(spec("departementaal-vertrouwelijk"), targets.aws({ region: "eu-central-1", egress })).json as any;
  test("no NAT gateway and no default route from the private subnets", () => {
    expect(classified.resource.aws_nat_gateway).toBeUndefined();
    expect(values(classified, "aws_route").filter((r) => r.destination_cidr_block === "0.0.0.0/0").map((r) => r.gateway_id)).toEqual([expect.stringContaining("aws_internet_gateway")]);
  });
  test("AWS services through VPC endpoints; the named destinations through the transit gateway", () => {
    expect(values(classified, "aws_vpc_endpoint").length).toBeGreaterThanOrEqual(8);
    const tgw = values(classified, "aws_route").filter((r) => r.transit_gateway_id);
    expect(tgw.map((r) => r.destination_cidr_block)).toEqual(["10.255.0.0/24", "10.255.0.0/24"]);
  });
  test("the VM group leaves only to the VPC (endpoints, database) and the named destinations", () => {
    const out = values(classified, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id.includes("vms_sg")).map((r) => r.cidr_ipv4 ?? "group");
    expect(out.sort()).toEqual(["10.0.0.0/16", "10.255.0.0/24", "group"]);
  });
  test("the bootstrap gets the proxy", () => {
    expect(values(classified, "aws_launch_template")[0].user_data).toContain(`http_proxy: ${egress.proxy}`);
  });
  test("an intern app's VM group reaches package mirrors on 80 and HTTPS on 443", () => {
    const j = synthApp(spec("intern"), targets.aws({ region: "eu-central-1" })).json as any;
    const out = values(j, "aws_vpc_security_group_egress_rule").filter((r) => r.cidr_ipv4 === "0.0.0.0/0").map((r) => r.from_port);
    expect(out.sort()).toEqual([443, 80]);
  });
  test("an intern app keeps its NAT gateways", () => {
    expect(values(synthApp(spec("intern"), targets.aws({ region: "eu-central-1", egress })).json, "aws_nat_gateway")).toHaveLength(2);
  });
});

describe("Azure", () => {
  const egress = { proxy: "http://proxy.example.nl:3128", cidrs: ["10.255.0.0/24"], firewallIp: "10.255.0.4" };
  const azure = (e?: object) => targets.azure({ location: "westeurope", ...(e ? { egress: e } : {}) } as never);
  const classified = synthApp(spec("departementaal-vertrouwelijk"), azure(egress)).json as any;
  const outbound = (json: any) => values(json, "azurerm_network_security_rule").filter((r) => r.direction === "Outbound" && r.access === "Allow" && r.network_security_group_name.includes("nsg-workload"));
  test("no NAT gateway, no public IP, no default outbound access on the workload subnets", () => {
    expect(classified.resource.azurerm_nat_gateway).toBeUndefined();
    expect(classified.resource.azurerm_public_ip).toBeUndefined();
    for (const [id, s] of Object.entries(classified.resource.azurerm_subnet) as [string, any][]) if (id.includes("private-")) expect(s.default_outbound_access_enabled).toBe(false);
  });
  test("the workloads leave only to the app network and the named destinations, never to the Internet tag", () => {
    const to = outbound(classified).map((r) => r.destination_address_prefix);
    expect(to).not.toContain("Internet");
    expect(to).toContain("10.255.0.0/24");
    expect(to.every((d: string) => d === "10.255.0.0/24" || d.startsWith("10.0."))).toBe(true);
  });
  test("the data and endpoint subnets deny the internet, and the gateway subnet without a public endpoint; PostgreSQL reaches Entra ID only", () => {
    const rules = values(classified, "azurerm_network_security_rule");
    expect(rules.filter((r) => r.name === "deny-internet-egress").map((r) => r.network_security_group_name.replace(/^.*nsg-([a-z]+)_.*$/, "$1")).sort()).toEqual(["data", "endpoints", "gateway", "workload"]);
    expect(rules.filter((r) => r.network_security_group_name.includes("nsg-data") && r.direction === "Outbound" && r.access === "Allow").map((r) => r.destination_address_prefix)).toEqual(["AzureActiveDirectory"]);
  });
  test("the bootstrap gets the proxy", () => {
    const data = values(classified, "azurerm_linux_virtual_machine_scale_set")[0].custom_data as string;
    expect(data).toMatch(/^\$\{base64encode\(/);
    expect(data).toContain(`http_proxy: ${egress.proxy}`);
  });
  test("an AKS cluster routes 0.0.0.0/0 to the hub firewall (userDefinedRouting), its identity may join the route table", () => {
    const j = synthApp(specWith({ k: { kind: "kubernetes" } }, { classification: "departementaal-vertrouwelijk", decision: "BZK 2026-0042" }), azure(egress)).json as any;
    expect(values(j, "azurerm_kubernetes_cluster")[0].network_profile.outbound_type).toBe("userDefinedRouting");
    expect(values(j, "azurerm_route_table")[0].route).toEqual([expect.objectContaining({ address_prefix: "0.0.0.0/0", next_hop_type: "VirtualAppliance", next_hop_in_ip_address: "10.255.0.4" })]);
    expect(values(j, "azurerm_role_assignment").some((r) => r.scope.includes("azurerm_route_table") && r.role_definition_name === "Network Contributor")).toBe(true);
    expect(outbound(j).map((r) => r.destination_address_prefix)).not.toContain("Internet");
  });
  test("without the target's firewall, a classified app's AKS cluster is refused with the field to set", () => {
    const s = specWith({ k: { kind: "kubernetes" } }, { classification: "departementaal-vertrouwelijk", decision: "BZK 2026-0042" });
    expect(() => synthApp(s, azure({ proxy: egress.proxy, cidrs: egress.cidrs }))).toThrow(/components\.k: .*egress\.firewallIp/);
  });
  test("a firewall outside the named destinations is refused", () => {
    expect(() => azure({ ...egress, firewallIp: "192.168.1.1" })).toThrow(/egress\.firewallIp: "192\.168\.1\.1" lies outside egress\.cidrs/);
  });
  test("an intern app keeps its NAT gateway and HTTPS to the internet", () => {
    const j = synthApp(spec("intern"), azure(egress)).json as any;
    expect(values(j, "azurerm_nat_gateway")).toHaveLength(1);
    expect(outbound(j).map((r) => r.destination_address_prefix)).toContain("Internet");
  });
});

describe("every sovereign app's own key (#16 item 10)", () => {
  test("with Barbican: an AES-256 key ordered per app, protected, named in the output app_key", () => {
    const j = synthApp(specWith({}), sovereignTarget({ services: { keyManager: true } })).json as any;
    const [id, order] = Object.entries(j.resource.openstack_keymanager_order_v1).find(([i]) => i.includes("foundation"))! as [string, any];
    expect(order).toMatchObject({ type: "key", meta: { name: "demo-app-key", algorithm: "aes", bit_length: 256 }, lifecycle: { prevent_destroy: true } });
    expect(j.output.app_key.value).toEqual({ manager: "barbican", ref: `\${openstack_keymanager_order_v1.${id}.secret_ref}` });
  });
  test("with only an external key manager: a reference there, and the output says to create it", () => {
    const j = synthApp(specWith({}), sovereignTarget({ externalKeyManager: { name: "Vault", keyRef: "vault://kms.example.nl/keys" } })).json as any;
    expect(j.resource?.openstack_keymanager_order_v1).toBeUndefined();
    expect(j.output.app_key.value).toEqual({ manager: "Vault", ref: "vault://kms.example.nl/keys/demo/_app-key" });
  });
  test("with neither: no key and no output (the README says what protects the data)", () => {
    expect((synthApp(specWith({}), sovereignTarget()).json as any).output.app_key).toBeUndefined();
  });
});
