// Shell commands of a runbook. Every value that comes from a stack is read from that stack's
// Terraform outputs (`terraform -chdir=<stack dir> output ...`), so the command refers only to
// what the synthesized stack really outputs; a test resolves each reference against the JSON.

/** A synthesized stack as the runbook's commands address it. */
export interface StackRef {
  readonly stackId: string;
  /** Folder of the synthesized stack where `terraform` runs, e.g. `cdktf.out/stacks/logistics-aws`. */
  readonly dir: string;
}

/** `$(terraform ... output ...)`: a field of an object output, or a whole string output. */
export function outputValue(stack: StackRef, output: string, field?: string): string {
  return field === undefined
    ? `$(terraform -chdir=${stack.dir} output -raw ${output})`
    : `$(terraform -chdir=${stack.dir} output -json ${output} | jq -r '.${field}')`;
}

/** Matches the output reads `outputValue` writes, for checking them. */
export const OUTPUT_READ = /terraform -chdir=(\S+) output (?:-raw (\S+)|-json (\S+) \| jq -r '\.([a-z_]+)(?:\[\])?')/g;

/** Every output a command reads, with the stack folder it names. */
export function outputReads(command: string): { dir: string; output: string; field?: string }[] {
  return [...command.matchAll(OUTPUT_READ)].map((m) => ({ dir: m[1], output: m[2] ?? m[3], field: m[4] }));
}
