import type { ExpressionInputNames } from './resolve-inputs.js';
import { compareCodeUnits } from '../compare-code-units.js';

/** By input name, the files (as shown, sorted) that use it as server-side expressions, by how (expressionInputUses). */
export interface ExpressionInputFiles {
  /** Their `__inputs` declare it with `pluginId: "__expr__"`. */
  declared: Map<string, string[]>;
  /** They write it as an expression reference's uid with no `__inputs` entry for it (library panel files). */
  undeclared: Map<string, string[]>;
}

/** Gathers the files' uses of inputs as server-side expressions; `files()` is undefined when no file has one. */
export function gatherExpressionInputFiles(): { note: (file: string, uses: ExpressionInputNames) => void; files: () => ExpressionInputFiles | undefined } {
  const gathered: ExpressionInputFiles = { declared: new Map(), undeclared: new Map() };
  const add = (into: Map<string, string[]>, file: string, names: readonly string[]) => {
    for (const name of names) into.set(name, [...(into.get(name) ?? []), file]);
  };
  return {
    note: (file, uses) => {
      add(gathered.declared, file, uses.declared);
      add(gathered.undeclared, file, uses.undeclared);
    },
    files: () => {
      if (gathered.declared.size === 0 && gathered.undeclared.size === 0) return undefined;
      for (const files of [...gathered.declared.values(), ...gathered.undeclared.values()]) files.sort(compareCodeUnits);
      return gathered;
    },
  };
}
