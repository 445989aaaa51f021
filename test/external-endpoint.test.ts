// A public endpoint on a cloud without Barbican but with an external key manager uses it: Octavia
// passes TLS through to the backends, which serve the certificate kept there (#16 item 6).
import { describe, expect, test } from "vitest";
import type { AppSpec } from "../lib/app/spec";
import { checkAgainstSchema } from "../providers/openstack/schema-check";
import { all, OPENSTACK_SCHEMA, sovereignTarget, synthSovereign } from "./support/sovereign";

const KM = { name: "Vault (ministry HSM)", keyRef: "vault://kms.example.nl/transit/keys" };
const noBarbican = sovereignTarget({ externalKeyManager: KM });
const spec: AppSpec = {
  name: "portal",
  owner: "team-portal",
  classification: "intern",
  components: {
    web: { kind: "vm-group", port: 8443, bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
    portal: { kind: "public-endpoint", domain: "portal.example.nl", backend: "web", port: 8443 },
    signing: { kind: "key" },
  },
};

describe("public endpoint with an external key manager and no Barbican", () => {
  const { json } = synthSovereign(spec, noBarbican);

  test("is offered as strategy external, after Barbican's managed one", () => {
    expect(noBarbican.capabilities["public-endpoint"]).toEqual(["external"]);
    expect(sovereignTarget({ externalKeyManager: KM, services: { keyManager: true } }).capabilities["public-endpoint"]).toEqual(["managed", "external"]);
    expect(json.output!.portal_connection.value).toMatchObject({ strategy: "external", port: "443", url: "https://portal.example.nl", secret_ref: "vault://kms.example.nl/transit/keys/portal/portal-tls" });
  });

  test("passes TLS through on 443 to an HTTPS pool with TLS health checks; no Barbican container is read", () => {
    const listeners = all(json, "openstack_lb_listener_v2").map(([, l]) => l);
    expect(listeners.map((l) => [l.protocol, l.protocol_port])).toEqual([
      ["HTTPS", 443],
      ["HTTP", 80],
    ]);
    expect(listeners[0]).not.toHaveProperty("default_tls_container_ref");
    expect(all(json, "openstack_lb_pool_v2").map(([, p]) => p.protocol)).toEqual(["HTTPS"]);
    expect(all(json, "openstack_lb_monitor_v2").map(([, m]) => m.type)).toEqual(["HTTPS"]);
    expect(json.data?.openstack_keymanager_container_v1).toBeUndefined();
  });

  test("says where the certificate lives and that the backends serve it", () => {
    const setup = json.output!.portal_certificate_setup;
    expect(setup.value).toMatchObject({ manager: KM.name, ref: "vault://kms.example.nl/transit/keys/portal/portal-tls" });
    expect(setup.value.backend).toContain("port 8443");
  });

  test("keeps the managed endpoint's addresses (construct ids) and matches the provider schema", () => {
    const managed = synthSovereign(spec, sovereignTarget({ services: { keyManager: true } })).json;
    const ids = (j: typeof json, type: string) => all(j, type).map(([id]) => id);
    for (const type of ["openstack_lb_loadbalancer_v2", "openstack_lb_listener_v2", "openstack_lb_pool_v2", "openstack_lb_monitor_v2", "openstack_networking_floatingip_v2"])
      expect(ids(json, type)).toEqual(ids(managed, type));
    expect(checkAgainstSchema(OPENSTACK_SCHEMA, json)).toEqual([]);
  });
});
