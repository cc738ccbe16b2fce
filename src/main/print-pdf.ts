import { BrowserWindow } from 'electron';

/**
 * Prints a self-contained HTML report to PDF with Chromium's own print path
 * (webContents.printToPDF). The page is loaded in a hidden, sandboxed window
 * with JavaScript off: the report needs none, and it carries strings from logs.
 */
export async function printHtmlToPdf(html: string): Promise<string> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      // Never shown, but no middle-click window opening either, as in the main window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    return pdf.toString('base64');
  } finally {
    win.destroy();
  }
}
