// The committed OpenStack bindings (providers/openstack/lib) must be exactly
// what `npm run gen:openstack` makes from the committed schema. Needs neither
// Go nor the network.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test, expect } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import {
  DEFAULT_BINDINGS_DIR,
  DEFAULT_SCHEMA_FILE,
  OPENSTACK_VERSION_CONSTRAINT,
  generateOpenstackBindings,
  listFiles,
} from "../scripts/gen-openstack";
import { OpenstackProvider } from "../providers/openstack/lib/provider";
import { NetworkingNetworkV2 } from "../providers/openstack/lib/networking-network-v2";

test("committed OpenStack bindings match a fresh generation from providers/openstack/schema.json", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "polder-openstack-bindings-"));
  try {
    const fresh = path.join(tmp, "lib");
    await generateOpenstackBindings(DEFAULT_SCHEMA_FILE, fresh);

    const committed = listFiles(DEFAULT_BINDINGS_DIR);
    const generated = listFiles(fresh);
    const committedSet = new Set(committed);
    const generatedSet = new Set(generated);
    const problems: string[] = [];
    for (const f of generated) {
      if (!committedSet.has(f)) problems.push(`missing in providers/openstack/lib: ${f}`);
      else if (
        !fs.readFileSync(path.join(fresh, f)).equals(fs.readFileSync(path.join(DEFAULT_BINDINGS_DIR, f)))
      ) {
        problems.push(`differs: providers/openstack/lib/${f}`);
      }
    }
    for (const f of committed) {
      if (!generatedSet.has(f)) problems.push(`not generated any more (stale): providers/openstack/lib/${f}`);
    }
    expect(
      problems,
      `providers/openstack/lib is out of date with providers/openstack/schema.json; ` +
        `run \`npm run gen:openstack\` and commit the result. ${problems.length} file(s):\n` +
        problems.slice(0, 50).join("\n"),
    ).toEqual([]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);

test("generated bindings synthesize and pin the provider to ~> 3.4 in required_providers", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  new OpenstackProvider(stack, "openstack", { cloud: "mycloud" });
  new NetworkingNetworkV2(stack, "net", { name: "net-a", adminStateUp: true });
  const json = JSON.parse(Testing.synth(stack));
  expect(OPENSTACK_VERSION_CONSTRAINT).toBe("~> 3.4");
  expect(json.terraform.required_providers.openstack).toEqual({
    source: "terraform-provider-openstack/openstack",
    version: "~> 3.4",
  });
  expect(json.provider.openstack[0]).toEqual({ cloud: "mycloud" });
  expect(json.resource.openstack_networking_network_v2.net).toMatchObject({
    name: "net-a",
    admin_state_up: true,
  });
});
