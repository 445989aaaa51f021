// The cloud-init and object-storage text builders on their own.
import { describe, expect, test } from "vitest";
import { k3sCloudInit, postgresCloudInit } from "../lib/targets/openstack/cloud-init";
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
  const server = (init: boolean) => k3sCloudInit({ role: "server", init, version: "1.33", token: "T", serverUrl: "https://vip:6443", apiAddress: "vip" });
  test("the first server starts the cluster", () => {
    expect(server(true)).toContain("cluster-init: true");
  });
  test("the other servers join through the load balancer", () => {
    expect(server(false)).toContain('server: "https://vip:6443"');
  });
  test("installs from the release channel of the version", () => {
    expect(server(true)).toContain("INSTALL_K3S_CHANNEL=v1.33");
  });
  test("agents carry no server-only settings", () => {
    expect(k3sCloudInit({ role: "agent", init: false, version: "1.33", token: "T", serverUrl: "https://vip:6443", apiAddress: "vip" })).not.toContain("secrets-encryption");
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
