/**
 * The one way a page offers a file: a download of text (CSV or JSON exports).
 * Page-only: needs the DOM.
 */

/** Offer `content` to the person as a file named `filename`. */
export function download(filename: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // Long enough for the browser to start the download from the object URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
