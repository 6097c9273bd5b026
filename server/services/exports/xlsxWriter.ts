/**
 * An XLSX workbook written as its rows come. One sheet at a time streams: it
 * is a zip entry deflated on its way to the download (zip.ts). Sheets filled
 * in the same pass (several tables from one read of the rows) wait deflated in
 * temporary files (xlsxSpool.ts) and are copied in once the streaming sheet
 * ends. The workbook, styles, shared strings and content types, which name the
 * sheets or are only complete then, come last. Memory holds a few chunks and compressor windows, whatever the rows.
 */
import type { Writable } from 'node:stream';
import { SheetBody, type SheetColumns } from './xlsxSheet';
import { SpoolFile } from './xlsxSpool';
import { SharedStrings, sharedStringsXml } from './xlsxCells';
import { contentTypes, MAIN_NS, ROOT_RELS, sheetPath, STYLES, workbook, workbookRels } from './xlsxPackage';
import { ZipStream, type ZipEntry } from './zip';

export type { SheetColumns };

/** Where a sheet stands among the workbook's tabs: its table, then its part (a table past Excel's row limit goes on in another sheet). */
export type SheetOrder = readonly [table: number, part: number];

interface PlacedSheet {
  name: string;
  order: SheetOrder;
  /** Its zip entry's number, once written. */
  entry?: number;
}

interface Spool {
  sheet: PlacedSheet;
  body: SheetBody;
  file: SpoolFile;
  closed: boolean;
}

export class XlsxWriter {
  private readonly zip: ZipStream;
  private readonly sheets: PlacedSheet[] = [];
  private entries = 0;
  private live: { body: SheetBody; entry: ZipEntry } | null = null;
  private spools: Spool[] = [];
  private readonly strings = new SharedStrings();

  constructor(out: Writable) {
    this.zip = new ZipStream(out);
  }

  /** Ends the streaming sheet (if any) and starts one, its header sent at once: the download starts before any row is read. */
  async sheet(name: string, columns: SheetColumns, order: SheetOrder): Promise<SheetBody> {
    await this.endLive();
    const sheet = this.place(name, order);
    sheet.entry = ++this.entries;
    const entry = this.zip.entry(sheetPath(sheet.entry));
    const body = new SheetBody(entry, columns, this.strings);
    this.live = { body, entry };
    await body.pass();
    return body;
  }

  /** A sheet filled while another streams: its rows wait deflated on disk until copySpools. */
  async spool(name: string, columns: SheetColumns, order: SheetOrder): Promise<SheetBody> {
    const file = await SpoolFile.create();
    const body = new SheetBody(file, columns, this.strings);
    this.spools.push({ sheet: this.place(name, order), body, file, closed: false });
    return body;
  }

  /** Closes a sheet that will get no more rows: the streaming one ends its entry, a spooled one its XML. */
  async close(body: SheetBody): Promise<void> {
    if (this.live?.body === body) return this.endLive();
    const spool = this.spools.find((s) => s.body === body);
    if (spool && !spool.closed) {
      spool.closed = true;
      await body.close();
    }
  }

  /** Ends the streaming sheet and copies every spooled one into the workbook, removing its file. */
  async copySpools(): Promise<void> {
    await this.endLive();
    while (this.spools.length > 0) {
      const spool = this.spools[0]!;
      await this.close(spool.body);
      await spool.file.finish();
      spool.sheet.entry = ++this.entries;
      await this.zip.deflated(sheetPath(spool.sheet.entry), spool.file, spool.file.bytes());
      await spool.file.remove();
      this.spools.shift();
    }
  }

  /** Removes the spooled sheets' files without writing them (the reader left, or the export failed). */
  async discardSpools(): Promise<void> {
    const spools = this.spools;
    this.spools = [];
    await Promise.all(spools.map((s) => s.file.remove()));
  }

  async end(): Promise<void> {
    await this.copySpools();
    // Tabs in table order, each table's parts in order, whichever order their entries were written in.
    const tabs = this.sheets.filter((s) => s.entry !== undefined).sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
    await this.zip.file('xl/styles.xml', STYLES);
    await this.zip.file('xl/sharedStrings.xml', sharedStringsXml(this.strings, MAIN_NS));
    await this.zip.file('xl/workbook.xml', workbook(tabs.map((s) => ({ name: s.name, entry: s.entry! }))));
    await this.zip.file('xl/_rels/workbook.xml.rels', workbookRels(this.entries));
    await this.zip.file('_rels/.rels', ROOT_RELS);
    await this.zip.file('[Content_Types].xml', contentTypes(this.entries));
    await this.zip.finish();
  }

  private place(name: string, order: SheetOrder): PlacedSheet {
    const sheet = { name, order };
    this.sheets.push(sheet);
    return sheet;
  }

  private async endLive(): Promise<void> {
    if (!this.live) return;
    const { body, entry } = this.live;
    this.live = null;
    await body.close();
    await entry.end();
  }
}
