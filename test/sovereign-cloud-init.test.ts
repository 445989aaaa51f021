// The cloud-init and object-storage text builders on their own.
import { describe, expect, test } from "vitest";
import { k3sCloudInit, k3sInstallScript, postgresCloudInit } from "../lib/targets/openstack/cloud-init";
import { type ResolvedK3s, resolveK3s } from "../lib/targets/openstack/k3s";
import { s3BucketCommands } from "../lib/targets/openstack/object-storage";
import { parse } from "yaml";

const pg = postgresCloudInit({ version: "17", databaseName: "orders", dataVolumeSerial: "DATA", backupVolumeSerial: "BACKUP", backupRetentionDays: 14, clientCidrs: ["10.0.0.0/16", "192.168.5.0/24"] });

describe("postgres cloud-init", () => {
  test("is a cloud-config YAML document", () => {
    expect(parse(pg).runcmd).toEqual([["/usr/local/sbin/polder-postgres-setup"]]);
  });
  test("installs the asked major version", () => {
    expect(pg).toContain("apt-get install -y postgresql-17");
  });
  test("mounts the data volume under PostgreSQL's data directory", () => {
    expect(pg).toContain('mount_volume "DATA" /var/lib/postgresql');
  });
  test("admits every client range over TLS only", () => {
    expect(pg.match(/^\s*hostssl orders all .* scram-sha-256$/gm)).toHaveLength(2);
  });
  test("never writes a Terraform interpolation of its own", () => {
    expect(pg.replace(/\$\{[A-Z]+\}/g, "")).not.toContain("${");
  });
});

describe("k3s cloud-init", () => {
  const k3s = resolveK3s(undefined, "1.33") as ResolvedK3s;
  const server = (init: boolean, ingressPort?: number) => k3sCloudInit({ role: "server", init, k3s, token: "T", agentToken: "A", serverUrl: "https://vip:6443", apiAddress: "vip", ingressPort });
  const agent = () => k3sCloudInit({ role: "agent", init: false, k3s, token: "A", serverUrl: "https://vip:6443", apiAddress: "vip" });
  test("the first server starts the cluster", () => {
    expect(server(true)).toContain("cluster-init: true");
  });
  test("the other servers join through the load balancer", () => {
    expect(server(false)).toContain('server: "https://vip:6443"');
  });
  test("installs the pinned release from upstream by default, checked against its published sums, never a script from the internet", () => {
    const text = server(true);
    expect(text).toContain("https://github.com/k3s-io/k3s/releases/download/v1.33.5%2Bk3s1/$bin");
    expect(text).toContain('sha256sum-$arch.txt"');
    expect(text).toContain("sha256sum -c -");
    expect(text).not.toContain("get.k3s.io");
  });
  test("installs from the mirror the target names", () => {
    const mirrored = resolveK3s({ mirrorUrl: "https://mirror.example.nl/k3s/" }, "1.33") as ResolvedK3s;
    expect(k3sInstallScript(mirrored, "server")).toContain('"https://mirror.example.nl/k3s/v1.33.5%2Bk3s1/$bin"');
  });
  test("a prepared image downloads nothing and is checked for the pinned version", () => {
    const script = k3sInstallScript({ ...k3s, preinstalled: true }, "agent");
    expect(script).not.toContain("curl");
    expect(script).toContain('grep -qF "v1.33.5+k3s1"');
  });
  test("a version without a pin, or of another minor, is refused with what to set", () => {
    expect(resolveK3s(undefined, "1.29")).toContain("set the target's k3s.version");
    expect(resolveK3s({ version: "v1.32.9+k3s1" }, "1.33")).toContain("is not a release of Kubernetes 1.33");
  });
  test("servers accept an agent token; agents carry only it and no server-only settings", () => {
    expect(server(true)).toContain('agent-token: "A"');
    expect(agent()).toContain('token: "A"');
    expect(agent()).not.toContain("secrets-encryption");
    expect(agent()).not.toContain('"T"');
  });
  test("servers are tainted so workloads run on the workers", () => {
    expect(server(true)).toContain("node-role.kubernetes.io/control-plane=true:NoSchedule");
  });
  test("with an endpoint in front, Traefik serves HTTP on its port on every worker", () => {
    expect(server(true, 8443)).toMatch(/hostPort: 8443/);
    expect(server(true)).not.toContain("HelmChartConfig");
  });
});

describe("S3 bucket commands", () => {
  const cmds = (versioning: boolean) => s3BucketCommands({ bucket: "b", endpoint: "https://s3", versioning, noncurrentVersionDays: 0, expirationDays: 0 });
  test("suspend versioning when the spec turns it off", () => {
    expect(cmds(false).join("\n")).toContain("Status=Suspended");
  });
  test("no non-current expiry rule when versions are kept forever", () => {
    expect(cmds(true).join("\n")).not.toContain("NoncurrentVersionExpiration");
  });
  test("every command goes to the given endpoint", () => {
    for (const c of cmds(true)) expect(c).toContain("--endpoint-url https://s3");
  });
});
