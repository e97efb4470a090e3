/**
 * The one way a page offers a file: a download of text (CSV or JSON exports),
 * whole or as the parts an export gathered in chunks. Page-only: needs the DOM.
 */

/** Offer `content` (text, or Blob parts joined in order) to the person as a file named `filename`. */
export function download(filename: string, mimeType: string, content: string | readonly BlobPart[]): void {
  const parts = typeof content === 'string' ? [content] : [...content];
  const url = URL.createObjectURL(new Blob(parts, { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // Long enough for the browser to start the download from the object URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
