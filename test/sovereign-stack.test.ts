import { describe, expect, test } from "vitest";
import type { AppSpec } from "../lib/app/spec";
import { ALL_SERVICES, all, sovereignTarget, synthSovereign } from "./support/sovereign";
import { specWith } from "./support/synth";

const empty = specWith({});

describe("provider", () => {
  test("authenticates through the clouds.yaml entry and region, nothing else", () => {
    const { json } = synthSovereign(empty, sovereignTarget({ cloud: "scs-prod", region: "nl-ams-1" }));
    expect(json.provider!.openstack).toEqual([{ cloud: "scs-prod", region: "nl-ams-1" }]);
  });
  test("requires the provider ~> 3.4", () => {
    expect(synthSovereign(empty, sovereignTarget()).json.terraform!.required_providers.openstack).toEqual({ source: "terraform-provider-openstack/openstack", version: "~> 3.4" });
  });
});

describe("remote state", () => {
  test("local by default", () => {
    expect(synthSovereign(empty, sovereignTarget()).json.terraform!.backend).toEqual({ local: { path: "terraform.demo-sovereign.tfstate" } });
  });
  const s3 = synthSovereign(empty, sovereignTarget(), { backend: { type: "s3", bucket: "tfstate" } }).json.terraform!.backend.s3;
  test("S3 state goes to the cloud's S3-compatible endpoint, path-style", () => {
    expect(s3).toMatchObject({ bucket: "tfstate", key: "demo-sovereign/terraform.tfstate", endpoints: { s3: "https://s3.test.example.nl" }, use_path_style: true });
  });
  test("S3 state skips the AWS-only checks", () => {
    expect(s3).toMatchObject({ skip_credentials_validation: true, skip_region_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true });
  });
  test("S3 state is encrypted and locked", () => {
    expect([s3.encrypt, s3.use_lockfile]).toEqual([true, true]);
  });
  test("the backend's own endpoint wins over the target's", () => {
    const b = synthSovereign(empty, sovereignTarget(), { backend: { type: "s3", bucket: "tfstate", endpoint: "https://state.example.nl" } }).json.terraform!.backend.s3;
    expect(b.endpoints).toEqual({ s3: "https://state.example.nl" });
  });
  test("S3 state without any endpoint is an error naming both places to set one", () => {
    expect(() => synthSovereign(empty, sovereignTarget({ s3Endpoint: undefined }), { backend: { type: "s3", bucket: "tfstate" } })).toThrow(/backend\.endpoint or the target's s3Endpoint/);
  });
});

describe("projectPerApp", () => {
  const { json } = synthSovereign(empty, sovereignTarget({ projectPerApp: true }));
  test("off by default: no project", () => {
    expect(synthSovereign(empty, sovereignTarget()).json.resource?.openstack_identity_project_v3).toBeUndefined();
  });
  test("a protected project named after the app", () => {
    expect(all(json, "openstack_identity_project_v3").map(([, p]) => [p.name, p.lifecycle])).toEqual([["polder-demo", { prevent_destroy: true }]]);
  });
  test("made with the credentials' own scope, the main provider scoped to it", () => {
    const [main, home] = json.provider!.openstack;
    expect(main.tenant_id).toMatch(/^\$\{openstack_identity_project_v3\..*\.id\}$/);
    expect(home).toMatchObject({ alias: "home" });
    expect(all(json, "openstack_identity_project_v3")[0][1].provider).toBe("openstack.home");
  });
  test("the deploying user becomes a member", () => {
    expect(all(json, "openstack_identity_role_assignment_v3")).toHaveLength(1);
  });
});

describe("no credential or password value in the JSON", () => {
  const everything: AppSpec = specWith({
    token: { kind: "secret" },
    files: { kind: "bucket" },
    db: { kind: "postgres" },
    tdb: { kind: "postgres", strategy: "managed" },
    k8s: { kind: "kubernetes", strategy: "vm" },
  });
  const { json, text } = synthSovereign(everything, sovereignTarget({ services: ALL_SERVICES }));
  const SECRET_KEYS = ["password", "admin_pass", "payload", "secret", "application_credential_secret", "token", "user"];

  /** Every value under a key that names a secret, with its path, unless it is a Terraform expression. */
  function literalSecrets(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, `${path}[${i}]`));
    if (!value || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) => {
      const here = `${path}.${k}`;
      const isExpression = typeof v === "string" && /^\$\{[^}]*\}$/.test(v);
      return [...(SECRET_KEYS.includes(k) && !isExpression ? [here] : []), ...literalSecrets(v, here)];
    });
  }
  test("no resource or provider argument that carries a secret value", () => {
    expect(literalSecrets({ resource: json.resource, provider: json.provider })).toEqual([]);
  });
  test("the generated values are Terraform expressions, not literals", () => {
    expect(text).toContain('"token":"${uuid()}"');
  });
  test("the check above can fail", () => {
    expect(literalSecrets({ resource: { x: { y: { admin_pass: "p", token: "${uuid()}" } } } })).toEqual([".resource.x.y.admin_pass"]);
  });
});
