#!/usr/bin/env node
// Compares two `terraform providers schema -json` documents for the OpenStack
// provider and prints their structural differences as Markdown:
// resources / data sources / attributes / blocks present in one only, and
// differing required/optional/computed/sensitive flags, types, nesting modes,
// min/max items. Descriptions are only counted.
//
//   node tools/openstack-schema/compare.mjs A.json B.json [labelA] [labelB]
import { readFileSync } from "node:fs";

const [fileA, fileB, labelA = "A", labelB = "B"] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error("usage: compare.mjs A.json B.json [labelA] [labelB]");
  process.exit(2);
}
const FQPN = "registry.terraform.io/terraform-provider-openstack/openstack";
const load = (f) => {
  const doc = JSON.parse(readFileSync(f, "utf8"));
  const p = doc.provider_schemas?.[FQPN];
  if (!p) throw new Error(`${f}: no provider_schemas["${FQPN}"]`);
  return p;
};
const a = load(fileA);
const b = load(fileB);

const diffs = []; // { where, what }
let descriptionDiffs = 0;
const FLAGS = ["required", "optional", "computed", "sensitive", "deprecated", "write_only"];
const flagsOf = (x) => FLAGS.filter((f) => x[f]).join("+") || "(none)";
const typeOf = (t) => JSON.stringify(t);

function compareBlock(where, x = {}, y = {}) {
  if ((x.description ?? "") !== (y.description ?? "")) descriptionDiffs++;
  if (!!x.deprecated !== !!y.deprecated) diffs.push({ where, what: `block deprecated: ${!!x.deprecated} vs ${!!y.deprecated}` });
  const xa = x.attributes ?? {};
  const ya = y.attributes ?? {};
  for (const name of union(xa, ya)) {
    const w = `${where}.${name}`;
    if (!(name in ya)) { diffs.push({ where: w, what: `attribute only in ${labelA} (${flagsOf(xa[name])}, ${typeOf(xa[name].type)})` }); continue; }
    if (!(name in xa)) { diffs.push({ where: w, what: `attribute only in ${labelB} (${flagsOf(ya[name])}, ${typeOf(ya[name].type)})` }); continue; }
    const p = xa[name], q = ya[name];
    if (flagsOf(p) !== flagsOf(q)) diffs.push({ where: w, what: `flags ${flagsOf(p)} vs ${flagsOf(q)}` });
    if (typeOf(p.type) !== typeOf(q.type)) diffs.push({ where: w, what: `type ${typeOf(p.type)} vs ${typeOf(q.type)}` });
    if ((p.description ?? "") !== (q.description ?? "")) descriptionDiffs++;
  }
  const xb = x.block_types ?? {};
  const yb = y.block_types ?? {};
  for (const name of union(xb, yb)) {
    const w = `${where}.${name}`;
    if (!(name in yb)) {
      // A block on one side may be an attribute of the other (computed nested lists).
      const other = ya[name] ? ` (an attribute in ${labelB})` : "";
      diffs.push({ where: w, what: `block only in ${labelA}${other} (${xb[name].nesting_mode})` });
      continue;
    }
    if (!(name in xb)) {
      const other = xa[name] ? ` (an attribute in ${labelA})` : "";
      diffs.push({ where: w, what: `block only in ${labelB}${other} (${yb[name].nesting_mode})` });
      continue;
    }
    const p = xb[name], q = yb[name];
    if (p.nesting_mode !== q.nesting_mode) diffs.push({ where: w, what: `nesting_mode ${p.nesting_mode} vs ${q.nesting_mode}` });
    if ((p.min_items ?? 0) !== (q.min_items ?? 0)) diffs.push({ where: w, what: `min_items ${p.min_items ?? 0} vs ${q.min_items ?? 0}` });
    if ((p.max_items ?? 0) !== (q.max_items ?? 0)) diffs.push({ where: w, what: `max_items ${p.max_items ?? 0} vs ${q.max_items ?? 0}` });
    compareBlock(w, p.block, q.block);
  }
}

function union(x, y) {
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
}

compareBlock("provider", a.provider?.block, b.provider?.block);
for (const kind of ["resource_schemas", "data_source_schemas"]) {
  const xs = a[kind] ?? {};
  const ys = b[kind] ?? {};
  const prefix = kind === "resource_schemas" ? "resource " : "data ";
  for (const name of union(xs, ys)) {
    if (!(name in ys)) { diffs.push({ where: prefix + name, what: `only in ${labelA}` }); continue; }
    if (!(name in xs)) { diffs.push({ where: prefix + name, what: `only in ${labelB}` }); continue; }
    if ((xs[name].version ?? 0) !== (ys[name].version ?? 0)) {
      diffs.push({ where: prefix + name, what: `schema version ${xs[name].version} vs ${ys[name].version}` });
    }
    compareBlock(prefix + name, xs[name].block, ys[name].block);
  }
}

const count = (p) => `${Object.keys(p.resource_schemas ?? {}).length} resources, ${Object.keys(p.data_source_schemas ?? {}).length} data sources`;
console.log(`${labelA}: ${count(a)}; ${labelB}: ${count(b)}.`);
console.log(`${diffs.length} structural difference(s); ${descriptionDiffs} description text difference(s) (not listed).`);
if (diffs.length) {
  console.log("");
  console.log(`| where | difference (${labelA} vs ${labelB}) |`);
  console.log("| --- | --- |");
  for (const d of diffs) console.log(`| \`${d.where}\` | ${d.what.replace(/\|/g, "\\|")} |`);
}
