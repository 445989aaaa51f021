// Hostile input: random and mutated specs. Every bad spec must fail with a SpecValidationError
// whose issues name the bad field: never another exception, never a crash, never a guess. Every
// valid spec must synthesize on every project target its classification allows.
// Bounded and reproducible: fixed seeds, a few hundred runs.
import fc from "fast-check";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { MAX_SPEC_BYTES, MAX_SPEC_DEPTH, MAX_SPEC_VALUES } from "../lib/app/spec-file";
import { runMain } from "../lib/cli/main";
import { type AppSpec, parseAppSpec } from "../lib/app/spec";
import { SpecValidationError } from "../lib/core/errors";
import { CLASSIFICATION_ALIASES, CLASSIFICATION_LEVELS, parseClassification } from "../lib/policy/classification";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";
import { AWS_EU_REGIONS } from "../lib/targets/aws/target";
import { projectTargets } from "../stacks/targets";
import { synthApp } from "./support/synth";

// Defaults, not this machine's POLDER_* variables: outputs stay the same everywhere.
const PROJECT_TARGETS = projectTargets({});

const SEED = 20261129;
const RUNS = 200;
const opts = (numRuns = RUNS) => ({ seed: SEED, numRuns });

type Json = Record<string, any>;

/** Parses and returns the issues; fails the test on acceptance or on any other exception. */
function rejection(data: unknown): { path: string; message: string }[] {
  let accepted = false;
  try {
    parseAppSpec(data);
    accepted = true;
  } catch (e) {
    if (!(e instanceof SpecValidationError)) throw new Error(`expected a SpecValidationError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    for (const i of e.issues) {
      expect(typeof i.path === "string" && i.path.length > 0).toBe(true);
      expect(typeof i.message === "string" && i.message.length > 0).toBe(true);
    }
    expect(e.issues.length).toBeGreaterThan(0);
    return [...e.issues];
  }
  if (accepted) throw new Error(`accepted a bad spec: ${JSON.stringify(data)?.slice(0, 300)}`);
  return [];
}

/** The spec is refused and one issue names `path` (or a field inside it). */
function expectRejectedAt(data: unknown, path: string): void {
  const issues = rejection(data);
  const named = issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  if (!named) throw new Error(`no issue names ${path}; issues: ${JSON.stringify(issues)}`);
}

/** Sets an own property, even for `__proto__` (plain assignment would set the prototype). */
function withKey<T extends Json>(obj: T, key: string, value: unknown): T {
  const copy: Json = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy as T;
}

// ---------------------------------------------------------------------------------------------
// Valid specs

const SAFE_NAME = (n: string) => !/^(goog|sthree|amzn)/.test(n) && !/g[o0][o0]g[l1]e/.test(n);
const appName = fc.stringMatching(/^[a-z][a-z0-9]{1,7}(-[a-z0-9]{1,6})?$/).filter(SAFE_NAME);
const componentName = fc
  .stringMatching(/^[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6})?$/)
  .filter((n) => SAFE_NAME(n) && !["network", "foundation", "constructor", "template0", "template1", "rdsadmin"].includes(n) && !n.endsWith("-connection"));
const size = fc.constantFrom("small", "medium", "large");
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);

const simpleComponent = fc.oneof(
  fc.record({ kind: fc.constant("key"), rotation: fc.boolean() }, { requiredKeys: ["kind"] }),
  fc.record({ kind: fc.constant("log-sink"), retentionDays: fc.constantFrom(30, 90, 365, 3653) }, { requiredKeys: ["kind"] }),
  fc.record({ kind: fc.constant("secret"), description: fc.stringMatching(/^[a-z ]{0,40}$/) }, { requiredKeys: ["kind"] }),
  fc.record({ kind: fc.constant("bucket"), versioning: fc.boolean(), noncurrentVersionDays: fc.integer({ min: 0, max: 3650 }), deletionProtection: fc.boolean() }, { requiredKeys: ["kind"] }),
  fc.record(
    { kind: fc.constant("postgres"), size, version: fc.constantFrom("15", "16", "17"), storageGb: fc.integer({ min: 20, max: 1000 }), backupRetentionDays: fc.integer({ min: 7, max: 35 }), highAvailability: fc.boolean() },
    { requiredKeys: ["kind"] },
  ),
  fc.record({ kind: fc.constant("kubernetes"), size, version: fc.constantFrom("1.31", "1.33") }, { requiredKeys: ["kind"] }),
  fc.record({ kind: fc.constant("vm-group"), size, count: fc.integer({ min: 1, max: 4 }), image: fc.constantFrom("ubuntu-24.04", "debian-12"), port: fc.integer({ min: 1024, max: 65535 }) }, { requiredKeys: ["kind"] }),
);

/** A valid spec: simple components, optionally a DNS zone and a public endpoint that use them. */
const validSpec: fc.Arbitrary<AppSpec> = fc
  .record({
    name: appName,
    owner: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
    classification: fc.constantFrom("openbaar", "intern", "public", "nato-unclassified", "departementaal-vertrouwelijk"),
    network: fc.record({ third: fc.integer({ min: 0, max: 250 }), prefix: fc.integer({ min: 16, max: 24 }), zones: fc.integer({ min: 1, max: 3 }), ingress: fc.boolean() }),
    parts: fc.uniqueArray(fc.tuple(componentName, simpleComponent), { maxLength: 4, selector: ([n]) => n }),
    endpoint: fc.option(fc.record({ host: label, domain: label, zone: fc.boolean(), workload: fc.constantFrom("vm-group", "kubernetes") })),
  })
  .map(({ name, owner, classification, network, parts, endpoint }) => {
    const components: Json = Object.fromEntries(parts);
    if (endpoint) {
      const domain = `${endpoint.domain}.example.nl`;
      components["ep-backend"] = endpoint.workload === "vm-group" ? { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" } : { kind: endpoint.workload };
      if (endpoint.zone) components["ep-zone"] = { kind: "dns-zone", domain, records: [{ name: "@", type: "TXT", values: ["v=spf1 -all"] }] };
      components["ep"] = { kind: "public-endpoint", domain: `${endpoint.host}.${domain}`, backend: "ep-backend", ...(endpoint.zone ? { zone: "ep-zone" } : {}) };
    }
    const cidr = network.prefix <= 16 ? `10.${network.third}.0.0/16` : `10.${network.third}.0.0/${network.prefix}`;
    const spec: Json = {
      name,
      owner,
      classification,
      ...(classification === "departementaal-vertrouwelijk" ? { decision: "BZK 2026-0042" } : {}),
      network: { cidr, zones: network.zones, ...(network.ingress ? { allowedIngressCidrs: ["192.168.10.0/24"] } : {}) },
      components,
    };
    return spec as AppSpec;
  });

// ---------------------------------------------------------------------------------------------
// Bad values

/** Anything that is not a string (for string fields). */
const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));
const notInteger = fc.oneof(fc.string(), fc.double().filter((d) => !Number.isInteger(d)), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.array(fc.boolean(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const notObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.anything(), { maxLength: 2 }));
const nonAscii = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => /[^\x00-\x7f]/.test(s));
const veryLong = fc.integer({ min: 1_000, max: 100_000 }).chain((n) => fc.constantFrom("a", "x-", "é", "0").map((c) => c.repeat(n)));

describe("random input", () => {
  test("anything at all is refused with a SpecValidationError, never another exception", () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }), (v) => void rejection(v)), opts());
  });

  test("a random object with random known fields is refused or accepted, never crashes", () => {
    const field = fc.oneof(fc.anything({ maxDepth: 2 }), fc.string());
    fc.assert(
      fc.property(fc.record({ name: field, owner: field, classification: field, network: field, components: field }, { requiredKeys: [] }), (v) => {
        try {
          parseAppSpec(v);
        } catch (e) {
          expect(e).toBeInstanceOf(SpecValidationError);
        }
      }),
      opts(),
    );
  });
});

describe("mutated specs", () => {
  /** Field paths of a spec and the kind of value each takes. */
  type FieldType = "string" | "integer" | "boolean" | "object" | "list";
  function fields(spec: Json): [string[], FieldType][] {
    const out: [string[], FieldType][] = [
      [["name"], "string"],
      [["owner"], "string"],
      [["classification"], "string"],
      [["network"], "object"],
      [["network", "cidr"], "string"],
      [["network", "zones"], "integer"],
      [["network", "allowedIngressCidrs"], "list"],
      [["components"], "object"],
    ];
    const types: Record<string, FieldType> = {
      kind: "string", rotation: "boolean", retentionDays: "integer", description: "string", versioning: "boolean", noncurrentVersionDays: "integer",
      deletionProtection: "boolean", size: "string", version: "string", storageGb: "integer", backupRetentionDays: "integer", highAvailability: "boolean",
      count: "integer", image: "string", port: "integer", domain: "string", backend: "string", zone: "string", records: "list", strategy: "string", overrides: "object",
    };
    for (const [name, c] of Object.entries<Json>(spec.components ?? {})) {
      out.push([["components", name], "object"]);
      for (const key of Object.keys(c)) if (types[key]) out.push([["components", name, key], types[key]]);
      out.push([["components", name, "strategy"], "string"]);
    }
    return out;
  }
  function setAt(spec: Json, path: string[], value: unknown): Json {
    if (path.length === 1) return withKey(spec, path[0], value);
    const inner = spec[path[0]];
    return withKey(spec, path[0], setAt(inner && typeof inner === "object" && !Array.isArray(inner) ? inner : {}, path.slice(1), value));
  }
  const dotted = (path: string[]) => path.join(".");
  const badValueFor = (t: FieldType) => (t === "string" ? notString : t === "integer" ? notInteger : t === "boolean" ? notBoolean : t === "list" ? notObject.filter((v) => !Array.isArray(v)) : notObject);

  test("a field of the wrong type is refused and named", () => {
    const caseArb = validSpec.chain((spec) => fc.constantFrom(...fields(spec)).chain(([path, t]) => badValueFor(t).map((bad) => ({ spec, path, bad }))));
    fc.assert(fc.property(caseArb, ({ spec, path, bad }) => expectRejectedAt(setAt(spec, path, bad), dotted(path))), opts());
  });

  test("an unknown field is refused and named, at every level", () => {
    const known = new Set(["name", "owner", "classification", "decision", "network", "components", "cidr", "zones", "allowedIngressCidrs", "kind", "strategy", "overrides", "size", "version", "rotation", "retentionDays", "description", "domain", "private", "records", "versioning", "noncurrentVersionDays", "deletionProtection", "storageGb", "backupRetentionDays", "highAvailability", "databaseName", "count", "image", "port", "backend", "healthCheckPath", "zone", "allowedCidrs"]);
    const key = fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !known.has(k));
    const caseArb = validSpec.chain((spec) => {
      const parents: string[][] = [[], ["network"], ...Object.keys(spec.components ?? {}).map((n) => ["components", n])];
      return fc.tuple(fc.constant(spec), fc.constantFrom(...parents), key, fc.jsonValue());
    });
    fc.assert(fc.property(caseArb, ([spec, parent, k, v]) => expectRejectedAt(setAt(spec as Json, [...parent, k], v), dotted([...parent, k]))), opts());
  });

  test("an invalid network CIDR is refused and named", () => {
    const badCidr = fc.oneof(
      fc.string().filter((s) => !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s)),
      fc.tuple(fc.integer({ min: 256, max: 999 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `10.${b}.${a}.0/16`),
      fc.integer({ min: 33, max: 99 }).map((p) => `10.0.0.0/${p}`),
      fc.integer({ min: 1, max: 255 }).map((h) => `10.0.0.${h}/16`), // host bits set
      fc.constantFrom("8.8.0.0/16", "172.32.0.0/16", "100.64.0.0/16", "192.169.0.0/16"), // not private
      fc.integer({ min: 0, max: 15 }).map((p) => `10.0.0.0/${p}`), // too wide
      fc.integer({ min: 25, max: 32 }).map((p) => `10.0.0.0/${p}`), // too narrow
      fc.constantFrom("010.0.0.0/16", "10.00.0.0/16", "10.0.0.0/016"), // leading zeros
    );
    fc.assert(fc.property(validSpec, badCidr, (spec, cidr) => expectRejectedAt(setAt(spec as Json, ["network", "cidr"], cidr), "network.cidr")), opts());
  });

  test("overlapping ingress ranges, or ranges inside the app network, are refused and named", () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 24 })).map(([b, p]) => ({ b, p }));
    const caseArb = fc.tuple(validSpec, range, fc.integer({ min: 0, max: 8 }), fc.boolean());
    fc.assert(
      fc.property(caseArb, ([spec, { b, p }, extra, insideNetwork]) => {
        const s = spec as Json;
        if (insideNetwork) {
          // a range inside the app network itself
          const [a, c] = s.network.cidr.split(".");
          const inner = `${a}.${c}.0.0/${Math.min(28, Number(s.network.cidr.split("/")[1]) + (extra % 5))}`;
          expectRejectedAt(setAt(s, ["network", "allowedIngressCidrs"], [inner]), "network.allowedIngressCidrs[0]");
        } else {
          const outer = `192.168.${b & (0xff << (24 - p)) & 0xff}.0/${p}`;
          const innerPrefix = Math.min(32, p + extra);
          const inner = `192.168.${b & (0xff << (24 - p)) & 0xff}.0/${innerPrefix}`;
          expectRejectedAt(setAt(s, ["network", "allowedIngressCidrs"], [outer, inner]), "network.allowedIngressCidrs[1]");
        }
      }),
      opts(),
    );
  });

  test("a name that breaks a provider's naming rules is refused and named", () => {
    const badName = fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/).map((s) => `${s}X`), // upper case
      fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).map((s) => `${s}_x`), // underscore: not in DNS, S3, GCS or Azure names
      fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).map((s) => `${s}.x`), // dot
      fc.stringMatching(/^[a-z0-9]{21,40}$/).map((s) => `a${s}`), // too long for derived names
      fc.stringMatching(/^[0-9][a-z0-9]{1,8}$/), // starts with a digit
      fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).map((s) => `${s}--x`), // "--": S3 reserved suffixes, punycode
      fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).map((s) => `${s}-`), // trailing hyphen
      fc.constantFrom("my-google", "g00gle-maps", "xn--80ak6aa"), // Cloud Storage refuses "google" anywhere; punycode
      fc.constantFrom("", " demo", "demo ", "dé-mo", "ｄemo"),
    );
    // Bucket names start with the app name: S3 and Cloud Storage refuse these prefixes there.
    const badAppName = fc.oneof(badName, fc.constantFrom("a", "sthree-docs", "amzn-s3-demo-x", "goog-app"));
    fc.assert(fc.property(validSpec, badAppName, (spec, bad) => expectRejectedAt({ ...spec, name: bad }, "name")), opts());
    fc.assert(
      fc.property(validSpec, badName, fc.boolean(), (spec, bad, asComponent) => {
        if (!asComponent || bad.length > 20) {
          expectRejectedAt({ ...spec, name: bad }, "name");
        } else {
          const comps = { ...(spec.components ?? {}) } as Json;
          expectRejectedAt({ ...spec, components: withKey(comps, bad, { kind: "key" }) }, `components.${bad}`);
        }
      }),
      opts(),
    );
  });

  test("component names Polder itself uses are refused and named (they would crash the construct tree)", () => {
    const reserved = fc.oneof(fc.constantFrom("network", "foundation", "network-strategy", "constructor", "vpc-flow-logs"), componentName.map((n) => `${n.slice(0, 9)}-connection`));
    fc.assert(fc.property(validSpec, reserved, (spec, name) => expectRejectedAt({ ...spec, components: withKey({ ...(spec.components ?? {}) }, name, { kind: "key" }) }, `components.${name}`)), opts());
  });

  test("an unknown classification level is refused and named", () => {
    const unknown = fc.oneof(fc.string(), nonAscii, fc.constantFrom("secret", "top-secret", "geheim", "confidential", "stg-openbaar", "intern ", "nato_secret")).filter((s) => parseClassification(s) === undefined);
    fc.assert(fc.property(validSpec, unknown, (spec, c) => expectRejectedAt({ ...spec, classification: c }, "classification")), opts());
  });

  test("very long strings are refused and named, whatever the field", () => {
    const caseArb = validSpec.chain((spec) => {
      const paths: string[][] = [["name"], ["owner"], ["classification"], ["decision"], ["network", "cidr"]];
      for (const [n, c] of Object.entries<Json>(spec.components ?? {})) {
        paths.push(["components", n, "strategy"]);
        if (c.kind === "secret") paths.push(["components", n, "description"]);
        if (c.kind === "public-endpoint") paths.push(["components", n, "domain"], ["components", n, "healthCheckPath"], ["components", n, "backend"]);
        if (c.kind === "postgres") paths.push(["components", n, "databaseName"]);
        if (c.kind === "kubernetes") paths.push(["components", n, "version"]);
      }
      return fc.tuple(fc.constant(spec), fc.constantFrom(...paths), veryLong);
    });
    fc.assert(fc.property(caseArb, ([spec, path, long]) => expectRejectedAt(setAt(spec as Json, path, long), dotted(path))), opts(100));
  });

  test("unicode in an identifier field is refused and named", () => {
    const caseArb = validSpec.chain((spec) => {
      const paths: string[][] = [["name"], ["owner"], ["network", "cidr"]];
      for (const [n, c] of Object.entries<Json>(spec.components ?? {})) {
        if (c.kind === "public-endpoint") paths.push(["components", n, "domain"], ["components", n, "healthCheckPath"]);
        if (c.kind === "postgres") paths.push(["components", n, "databaseName"]);
        if (c.kind === "dns-zone") paths.push(["components", n, "domain"]);
      }
      return fc.tuple(fc.constant(spec), fc.constantFrom(...paths), nonAscii, fc.stringMatching(/^[a-z]{1,6}$/));
    });
    fc.assert(fc.property(caseArb, ([spec, path, u, ascii]) => expectRejectedAt(setAt(spec as Json, path, `${ascii}${u}`), dotted(path))), opts());
  });

  test("prototype-pollution keys are refused and named, and pollute nothing", () => {
    const where = fc.constantFrom("root", "network", "components", "component");
    const key = fc.constantFrom("__proto__", "constructor");
    fc.assert(
      fc.property(validSpec, where, key, fc.jsonValue(), (spec, at, k, v) => {
        const payload = JSON.stringify({ polluted: true, ...(typeof v === "object" && v ? v : { v }) });
        const inject = (json: string) => json.replace(/^\{/, `{${JSON.stringify(k)}:${payload}${json === "{}" ? "" : ","}`);
        const s = spec as Json;
        const name = Object.keys(s.components ?? {})[0];
        let text: string;
        let path: string;
        if (at === "root") [text, path] = [inject(JSON.stringify(s)), k];
        else if (at === "network") [text, path] = [JSON.stringify({ ...s, network: "@N" }).replace('"@N"', inject(JSON.stringify(s.network))), `network.${k}`];
        else if (at === "components" || !name) [text, path] = [JSON.stringify({ ...s, components: "@C" }).replace('"@C"', inject(JSON.stringify(s.components ?? {}))), `components.${k}`];
        else [text, path] = [JSON.stringify({ ...s, components: { ...s.components, [name]: "@X" } }).replace('"@X"', inject(JSON.stringify(s.components![name]))), `components.${name}.${k}`];
        expectRejectedAt(JSON.parse(text), path);
        expect(({} as Json).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
      }),
      opts(),
    );
  });

  test("DNS records that DNS itself refuses are refused and named", () => {
    const bad = fc.oneof(
      fc.record({ name: fc.constant("www"), type: fc.constant("A"), values: fc.tuple(fc.oneof(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom("256.1.1.1", "1.2.3", "01.2.3.4", "::1"))).map((v) => [...v]) }),
      fc.record({ name: fc.constant("www"), type: fc.constant("AAAA"), values: fc.constantFrom(["192.0.2.1"], ["2001:db8::zz"], ["hello"]) }),
      fc.record({ name: fc.constant("www"), type: fc.constant("CNAME"), values: fc.constant(["a.example.nl", "b.example.nl"]) }),
      fc.record({ name: fc.constant("@"), type: fc.constant("CNAME"), values: fc.constant(["a.example.nl"]) }),
    );
    fc.assert(fc.property(validSpec, bad, (spec, record) => expectRejectedAt({ ...spec, components: { ...(spec.components ?? {}), z: { kind: "dns-zone", domain: "example.nl", records: [record] } } }, "components.z.records[0]")), opts());
  });

  test("a database name PostgreSQL reserves is refused and named", () => {
    fc.assert(
      fc.property(validSpec, fc.constantFrom("template0", "template1", "rdsadmin"), fc.boolean(), (spec, db, asComponentName) => {
        const components = asComponentName ? withKey({ ...(spec.components ?? {}) }, db, { kind: "postgres" }) : { ...(spec.components ?? {}), db: { kind: "postgres", databaseName: db } };
        expectRejectedAt({ ...spec, components }, `components.${asComponentName ? db : "db"}.databaseName`);
      }),
      opts(50),
    );
  });
});

describe("regions", () => {
  test("an AWS region outside the EU is refused: by the factory, or by placement at every level", () => {
    const region = fc.oneof(
      fc.constantFrom("us-east-1", "us-west-2", "ap-southeast-1", "sa-east-1", "ca-central-1", "me-south-1", "af-south-1", "il-central-1", "cn-north-1", "eu-west-2", "eu-central-2", "us-gov-west-1"),
      fc.tuple(fc.stringMatching(/^[a-z]{2,4}$/), fc.constantFrom("east", "west", "central", "north", "south"), fc.integer({ min: 1, max: 9 })).map(([a, b, n]) => `${a}-${b}-${n}`),
      fc.string(),
      nonAscii,
    ).filter((r) => !(AWS_EU_REGIONS as readonly string[]).includes(r));
    fc.assert(
      fc.property(region, fc.constantFrom(undefined, "aws", "aws-eusc"), (r, partition) => {
        let target;
        try {
          target = targets.aws({ region: r, ...(partition ? { partition: partition as "aws" } : {}) });
        } catch (e) {
          expect(e).toBeInstanceOf(SpecValidationError);
          expect((e as SpecValidationError).issues.some((i) => i.path === "region" || i.path === "partition")).toBe(true);
          return;
        }
        for (const classification of CLASSIFICATION_LEVELS) expect(evaluatePlacement({ classification, decision: "BZK 1" }, target)).toMatchObject({ allowed: false, rule: "eu-residency" });
      }),
      opts(),
    );
  });

  test("props that are not an object are refused with a SpecValidationError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer()), (p) => {
        expect(() => targets.aws(p as never)).toThrow(SpecValidationError);
      }),
      opts(20),
    );
  });
});

describe("valid specs", () => {
  test("are accepted", () => {
    fc.assert(fc.property(validSpec, (spec) => void parseAppSpec(spec)), opts());
  });

  test("synthesize on every project target their classification allows", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const resolved = parseAppSpec(spec);
        for (const target of PROJECT_TARGETS) {
          if (!evaluatePlacement(resolved, target).allowed) continue;
          const { json } = synthApp(spec, target);
          expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
          for (const c of resolved.components) expect(json.output?.[`${c.name}_connection`]).toBeDefined();
        }
      }),
      { seed: SEED, numRuns: 25 },
    );
    // 25 specs on every project target (four since gcp and s3ns joined): well over the default minute on a busy machine.
  }, 240_000);
});

test("every alias maps to a level (the arbitraries above rely on it)", () => {
  for (const level of Object.values(CLASSIFICATION_ALIASES)) expect(CLASSIFICATION_LEVELS).toContain(level);
});

// ---------------------------------------------------------------------------------------------
// Spec files: hostile files get the same clear error as any other bad spec, fast.

const VALID_YAML = "name: demo\nowner: team\nclassification: intern\ncomponents:\n  db:\n    kind: postgres\n    size: small\n";

function specFile(content: string | Buffer, name = "app.yaml"): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-hostile-")), name);
  writeFileSync(file, content);
  return file;
}

/** Loads the file and returns the messages of its SpecValidationError; fails on anything else. */
function fileProblems(file: string): string[] {
  try {
    loadAppSpec(file);
  } catch (e) {
    if (!(e instanceof SpecValidationError)) throw new Error(`expected a SpecValidationError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    expect(e.message.startsWith(`${file} is invalid`)).toBe(true);
    return e.issues.map((i) => i.message);
  }
  throw new Error(`accepted ${file}`);
}

/** The synth command on the file: exit code and what it printed to stderr. */
function synthFile(file: string): { code: number; err: string } {
  const errors: string[] = [];
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-hostile-out-")), "out");
  const code = runMain(["--spec", file, "--outdir", outdir], { targets: PROJECT_TARGETS, examplesDir: tmpdir() }, { log: () => {}, error: (m: string) => errors.push(m) });
  return { code, err: errors.join("\n") };
}

describe("spec files", () => {
  test("a YAML alias bomb exits 1 with the file named, not the parser's bare message", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const file = specFile(lines.join("\n") + "\n");
    expect(fileProblems(file)).toEqual([expect.stringContaining("uses YAML aliases that expand too far")]);
    const r = synthFile(file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file} is invalid`);
  });

  test("a file over the size limit is refused before it is parsed", () => {
    // 60 MB of valid-looking YAML: refused from its size alone, so quickly and without the memory.
    const file = specFile(Buffer.alloc(60 * 1024 * 1024, "a: b\n"));
    const started = performance.now();
    expect(fileProblems(file)).toEqual([`is ${60 * 1024 * 1024} bytes: a spec may have at most ${MAX_SPEC_BYTES} bytes (1 MiB)`]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a stream without a size (a device) is read only up to the limit", () => {
    const file = join(mkdtempSync(join(tmpdir(), "polder-hostile-")), "zero.yaml");
    symlinkSync("/dev/zero", file);
    expect(fileProblems(file)).toEqual([`is larger than ${MAX_SPEC_BYTES} bytes (1 MiB), the most a spec may have`]);
  });

  test("an empty file and a file of comments say they are empty", () => {
    expect(fileProblems(specFile(""))).toEqual([expect.stringMatching(/^is empty: expected a spec/)]);
    expect(fileProblems(specFile("  \n\n"))).toEqual([expect.stringMatching(/^is empty: expected a spec/)]);
    expect(fileProblems(specFile("# nothing yet\n"))).toEqual([expect.stringMatching(/^is empty \(only comments\)/)]);
    expect(fileProblems(specFile("", "app.json"))).toEqual([expect.stringMatching(/^is empty: expected a spec/)]);
  });

  test("nesting deeper than the limit is refused, in flow and block YAML and in JSON", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const message = `nests mappings and lists deeper than ${MAX_SPEC_DEPTH} levels: a spec needs far fewer`;
    expect(fileProblems(specFile(`name: ${deep}\n`))).toEqual([message]);
    expect(fileProblems(specFile(Array.from({ length: 40 }, (_, i) => `${" ".repeat(i)}k:`).join("\n") + "\n"))).toEqual([message]);
    expect(fileProblems(specFile(`{"name": ${deep}}`, "app.json"))).toEqual([message]);
  });

  test("a spec with more keys and values than the limit is refused before the parser compares them", () => {
    // ~1 MiB of keys in one mapping: the parser's own duplicate check would take minutes.
    const wide = VALID_YAML + Array.from({ length: 70_000 }, (_, i) => `k${i}: v`).join("\n") + "\n";
    const message = `has more than ${MAX_SPEC_VALUES} keys and values: a spec needs far fewer`;
    const started = performance.now();
    expect(fileProblems(specFile(wide))).toEqual([message]);
    expect(performance.now() - started).toBeLessThan(5000);
    const json = JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])));
    expect(fileProblems(specFile(json, "app.json"))).toEqual([message]);
  });

  test("a key given twice is refused with its line and column", () => {
    expect(fileProblems(specFile(VALID_YAML.replace("    size: small", "    size: small\n    kind: bucket")))).toEqual([
      'is not valid YAML at line 8, column 5: key "kind" appears twice in the same mapping (first at line 6); expected each key once',
    ]);
    expect(fileProblems(specFile('{\n  "name": "demo",\n  "owner": "team",\n  "name": "other"\n}\n', "app.json"))).toEqual([
      'is not valid JSON at line 4, column 3: key "name" appears twice in the same mapping (first at line 2); expected each key once',
    ]);
  });

  test("unreadable files are SpecValidationErrors naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-hostile-"));
    expect(fileProblems(join(dir, "missing.yaml"))).toEqual([expect.stringMatching(/^cannot be read: ENOENT/)]);
    const folder = join(dir, "folder.yaml");
    mkdirSync(folder);
    expect(fileProblems(folder)).toEqual(["is a directory: expected a spec file"]);
    expect(fileProblems(specFile(Buffer.from("name: \xff\xfe\n", "latin1")))).toEqual(["is not UTF-8 text"]);
    expect(fileProblems(specFile("{", "app.json"))).toEqual([expect.stringMatching(/^is not valid JSON/)]);
    expect(fileProblems(specFile("name: demo\n", "app.txt"))).toEqual(['extension ".txt" is not allowed: .yaml, .yml or .json']);
  });

  test("a YAML indentation slip gives one message with its line, column and what was expected", () => {
    // `size` indented deeper than `kind`: the parser reports two errors at one place.
    const problems = fileProblems(specFile(VALID_YAML.replace("    size: small", "      size: small")));
    expect(problems).toEqual([
      "is not valid YAML at line 7, column 7: this line is indented deeper than the line above it (line 6 starts at column 5), so it reads as a continuation of that line's value; " +
        "expected it at the column of a key above it (e.g. column 5), or a nested mapping on its own line under a key with nothing after its colon",
    ]);
    for (const p of problems) expect(p).not.toMatch(/:\s*$/);
  });

  test("a key indented less than its siblings gives its line and column and the expected column", () => {
    const problems = fileProblems(specFile(VALID_YAML.replace("    size: small", "   size: small")));
    expect(problems).toEqual([
      "is not valid YAML at line 7, column 4: this key starts at column 4, not at the column of the keys above it (line 6 starts at column 5); expected every key of one mapping at the same column, indented with spaces",
    ]);
  });

  test("an unclosed quote is reported where it opens, not at the end of the file", () => {
    expect(fileProblems(specFile(VALID_YAML.replace("owner: team", 'owner: "team')))).toEqual(['is not valid YAML at line 2, column 8: this quoted value is never closed; expected a closing "']);
  });

  test("every YAML syntax problem is one message ending in what was expected, never in a bare colon", () => {
    const slips = [
      VALID_YAML.replace("owner: team", " owner: team"),
      VALID_YAML.replace("classification: intern", "classification: intern: secret"),
      VALID_YAML.replace("    kind: postgres", "\tkind: postgres"),
      VALID_YAML + "name: again\n",
      VALID_YAML + "---\nname: second\n",
      VALID_YAML.replace("owner: team", 'owner: "team'),
      VALID_YAML.replace("owner: team", "owner: [team"),
    ];
    for (const yaml of slips) {
      const problems = fileProblems(specFile(yaml));
      expect(problems.length).toBeGreaterThan(0);
      const places = problems.map((p) => /^is not valid YAML at line (\d+), column (\d+): \S/.exec(p)?.slice(1, 3).join(":"));
      for (const [i, place] of places.entries()) if (!place) throw new Error(`no line and column in ${JSON.stringify(problems[i])}`);
      expect(new Set(places).size).toBe(places.length);
      for (const p of problems) expect(p).not.toMatch(/:\s*$/);
    }
  });

  test("a valid spec file still loads", () => {
    expect(loadAppSpec(specFile(VALID_YAML)).name).toBe("demo");
  });
});
