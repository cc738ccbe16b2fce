import { BrowserWindow } from 'electron';
import { writePrintableReport } from './pdf-source';

/**
 * Prints a self-contained HTML report to PDF with Chromium's own print path
 * (webContents.printToPDF). The page is loaded in a hidden, sandboxed window
 * with JavaScript off: the report needs none, and it carries strings from logs.
 * It is loaded from a private temporary file (pdf-source.ts), not a data: URL.
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
  const report = await writePrintableReport(html);
  try {
    await win.loadFile(report.file);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    return pdf.toString('base64');
  } finally {
    win.destroy();
    await report.dispose();
  }
}
