/**
 * Pure: the folder title a directory name stands for when it is written as gdg (0.8 and later) writes each folder of a
 * nested path: the title through Go's url.QueryEscape (esnet/gdg pkg/encode Encode): a space as `+`, every byte but
 * letters, digits and `-_.~` as `%XX` in capitals, so `Ops & SRE` is `Ops+%26+SRE` and `a/b` is `a%2Fb`. Undefined for a
 * name that is not exactly such an encoding of another title (a plain name, a `%` not followed by two hex digits, `C++`).
 */
export function decodeGdgFolderName(name: string): string | undefined {
  if (!/[+%]/.test(name) || !/^[A-Za-z0-9\-_.~+%]+$/.test(name)) return undefined;
  let title: string;
  try {
    title = decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
  // A title with spaces at its ends is no folder's title (`C++` would read as `C` and two spaces): a name of its own.
  return title !== name && title === title.trim() && queryEscape(title) === name ? title : undefined;
}

/** Go's url.QueryEscape: encodeURIComponent, which also leaves `!'()*`, with those escaped and a space as `+`. */
function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}
