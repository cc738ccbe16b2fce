/** Saves a Blob through a temporary download link: works in the browser host and in Electron. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: revoking at once can cancel the download in some engines.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function downloadText(filename: string, mime: string, content: string): void {
  downloadBlob(filename, new Blob([content], { type: mime }));
}

/** A file name from free text: letters, digits, dash, dot and underscore. */
export function safeFileName(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'chart'
  );
}
