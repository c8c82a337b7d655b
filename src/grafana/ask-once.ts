/** Where keepAnswer keeps its answers: a Map, or a WeakMap keyed by an object (one answer per port). */
interface AnswerStore<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  delete(key: K): boolean;
}

/**
 * The answer `answers` keeps for `key`, asked now when it has none: later askers get the same answer; a failure is not
 * kept (the next asker asks again and sees its own error).
 */
export function keepAnswer<K, V>(answers: AnswerStore<K, Promise<V>>, key: K, ask: () => Promise<V>): Promise<V> {
  let answer = answers.get(key);
  if (answer === undefined) {
    const asked = ask();
    answer = asked;
    answers.set(key, asked);
    asked.catch(() => {
      if (answers.get(key) === asked) answers.delete(key);
    });
  }
  return answer;
}

/** keepAnswer where the caller keeps answers (`answers`), else `ask` asked now. */
export function keepAnswerIn<T>(answers: Map<string, Promise<unknown>> | undefined, key: string, ask: () => Promise<T>): Promise<T> {
  return answers === undefined ? ask() : (keepAnswer(answers, key, ask) as Promise<T>);
}

/** A question asked once per port: the first call asks, later ones get the same answer; a failure is not kept (the next call asks again). */
export function askOnce<T>(ask: () => Promise<T>): () => Promise<T> {
  const answers = new Map<null, Promise<T>>();
  return () => keepAnswer(answers, null, ask);
}
