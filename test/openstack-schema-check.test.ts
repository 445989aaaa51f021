import * as fs from "node:fs";
import * as path from "node:path";
import { test, expect } from "vitest";
import { checkAgainstSchema } from "../providers/openstack/schema-check";

// A tiny hand-written schema in the `terraform providers schema -json` format.
const schema = {
  format_version: "1.0",
  provider_schemas: {
    "registry.terraform.io/example/demo": {
      provider: {
        version: 0,
        block: { attributes: { region: { type: "string", optional: true } } },
      },
      resource_schemas: {
        demo_server: {
          version: 0,
          block: {
            attributes: {
              id: { type: "string", optional: true, computed: true },
              name: { type: "string", required: true },
              size: { type: "number", optional: true },
              address: { type: "string", computed: true },
            },
            block_types: {
              network: {
                nesting_mode: "list",
                min_items: 1,
                block: {
                  attributes: {
                    uuid: { type: "string", required: true },
                    mac: { type: "string", computed: true },
                  },
                },
              },
              boot: {
                nesting_mode: "list",
                max_items: 1,
                block: { attributes: { image: { type: "string", optional: true } } },
              },
              timeouts: {
                nesting_mode: "single",
                block: { attributes: { create: { type: "string", optional: true } } },
              },
            },
          },
        },
      },
      data_source_schemas: {
        demo_image: {
          version: 0,
          block: {
            attributes: {
              name: { type: "string", optional: true },
              id: { type: "string", optional: true, computed: true },
            },
          },
        },
      },
    },
  },
};

const validServer = () => ({
  name: "web",
  size: 2,
  network: [{ uuid: "${demo_network.n.id}" }],
});

test("a valid configuration has no problems", () => {
  const tf = {
    provider: { demo: [{ region: "eu-1" }] },
    resource: { demo_server: { web: validServer() } },
    data: { demo_image: { img: { name: "ubuntu" } } },
  };
  expect(checkAgainstSchema(schema, tf)).toEqual([]);
});

test("cdktf meta keys and timeouts are ignored", () => {
  const tf = {
    resource: {
      demo_server: {
        web: {
          ...validServer(),
          "//": { metadata: { path: "s/web" } },
          depends_on: ["demo_server.other"],
          count: 2,
          for_each: "${var.x}",
          provider: "demo.alt",
          lifecycle: { prevent_destroy: true },
          connection: { host: "h" },
          provisioner: [{ "local-exec": { command: "true" } }],
          timeouts: { create: "5m", bogus: "x" },
        },
      },
    },
  };
  expect(checkAgainstSchema(schema, tf)).toEqual([]);
});

test("reports an unknown resource type", () => {
  const tf = { resource: { demo_serverr: { web: validServer() } } };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_serverr (web): unknown resource type",
  ]);
});

test("reports an unknown data source type", () => {
  const tf = { data: { demo_images: { img: {} } } };
  expect(checkAgainstSchema(schema, tf)).toEqual(["data demo_images (img): unknown data source type"]);
});

test("reports an unknown argument", () => {
  const tf = { resource: { demo_server: { web: { ...validServer(), colour: "blue" } } } };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: colour: unknown argument or block",
  ]);
});

test("reports an unknown argument inside a nested block", () => {
  const tf = {
    resource: { demo_server: { web: { ...validServer(), network: [{ uuid: "u", port: 1 }] } } },
  };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: network[0].port: unknown argument or block",
  ]);
});

test("reports an unknown provider argument", () => {
  const tf = { provider: { demo: [{ region: "eu-1", project_name: "p" }] } };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "provider demo: project_name: unknown argument or block",
  ]);
});

test("reports a missing required argument", () => {
  const { name: _omitted, ...rest } = validServer();
  const tf = { resource: { demo_server: { web: rest } } };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: name: missing required argument",
  ]);
});

test("reports a missing required argument inside a nested block", () => {
  const tf = { resource: { demo_server: { web: { ...validServer(), network: [{}] } } } };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: network[0].uuid: missing required argument",
  ]);
});

test("reports a missing required block (min_items)", () => {
  const tf = { resource: { demo_server: { web: { name: "web" } } } };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: network: missing required block (needs at least 1, found 0)",
  ]);
});

test("a required block written as a dynamic block or an expression counts as present", () => {
  const tf = {
    resource: {
      demo_server: {
        a: { name: "a", dynamic: { network: { for_each: "${var.nets}", content: { uuid: "${network.value}" } } } },
        b: { name: "b", network: "${var.network_blocks}" },
      },
    },
  };
  expect(checkAgainstSchema(schema, tf)).toEqual([]);
});

test("reports too many blocks (max_items)", () => {
  const tf = {
    resource: { demo_server: { web: { ...validServer(), boot: [{ image: "a" }, { image: "b" }] } } },
  };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: boot: too many blocks (at most 1, found 2)",
  ]);
});

test("reports a computed-only argument that was set", () => {
  const tf = {
    resource: {
      demo_server: { web: { ...validServer(), address: "10.0.0.1", network: [{ uuid: "u", mac: "m" }] } },
    },
  };
  expect(checkAgainstSchema(schema, tf)).toEqual([
    "resource demo_server.web: network[0].mac: computed-only argument must not be set",
    "resource demo_server.web: address: computed-only argument must not be set",
  ]);
});

test("optional+computed arguments (like id) may be set", () => {
  const tf = { resource: { demo_server: { web: { ...validServer(), id: "x" } } } };
  expect(checkAgainstSchema(schema, tf)).toEqual([]);
});

test("works with the committed OpenStack schema", () => {
  const openstack = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "providers", "openstack", "schema.json"), "utf8"),
  );
  const tf = {
    provider: { openstack: [{ cloud: "scs", project_name: "x" }] },
    resource: {
      openstack_networking_floatingip_v2: { fip: { description: "no pool" } },
      openstack_networking_network_v2: { net: { name: "n", all_tags: ["a"] } },
    },
  };
  expect(checkAgainstSchema(openstack, tf)).toEqual([
    "provider openstack: project_name: unknown argument or block",
    "resource openstack_networking_floatingip_v2.fip: pool: missing required argument",
    "resource openstack_networking_network_v2.net: all_tags: computed-only argument must not be set",
  ]);
});
