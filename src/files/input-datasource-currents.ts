import { datasourceVariablesOf } from './map-datasource-currents.js';
import { inputValues, replacePlaceholders } from './resolve-inputs.js';

/**
 * Pure: the names of the datasource variables whose `current.value` the file writes with an input's placeholder
 * (`"${DS_PROMETHEUS}"`, or an item of a multi-value one): the pick is the environment's, and so is the name in its
 * `current.text`, which a save gives for the instance it writes to (withDatasourceCurrentNames). `written`: the model or
 * v2 spec as written (placeholders kept); `inputs` as the parse resolves them.
 */
export function inputDatasourceCurrents(written: Record<string, unknown>, inputs: Record<string, string>): string[] {
  const variables = datasourceVariablesOf(written);
  if (variables.length === 0) return [];
  const { isInputName } = inputValues(written, inputs);
  const holdsInput = (value: unknown) => {
    let found = false;
    if (typeof value === 'string') {
      replacePlaceholders(value, isInputName, () => {
        found = true;
        return undefined;
      });
    }
    return found;
  };
  return variables.flatMap(({ name, holder }) => {
    const value = (holder.current as { value?: unknown } | undefined)?.value;
    return (Array.isArray(value) ? value.some(holdsInput) : holdsInput(value)) ? [name] : [];
  });
}
