// The agency's team as a CSV file: the export (exactly what the import accepts) and the import in
// two steps — the file is checked first (the API's dry run: every bad line with its number and
// reason, in words, and nothing written), and read in only when the admin confirms a clean check.
import { useEffect, useMemo, useState } from "preact/hooks";
import { type CsvLineError, type ImportCounts, StaffApiError } from "../../api.ts";
import { adminTexts } from "../../i18nAdmin.ts";
import { type AdminProps, StatusLine, useStatus } from "./shared.tsx";

export function CsvTeam(props: AdminProps) {
  const { api, session, agencyId, lang } = props;
  const a = adminTexts[lang];
  const st = useStatus(props);
  const [exported, setExported] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<ImportCounts | null>(null);
  const [bad, setBad] = useState<readonly CsvLineError[]>([]);
  const [busy, setBusy] = useState(false);

  const loadExport = async () => {
    try {
      setExported(await api.exportTeamCsv(session, agencyId));
    } catch (err) {
      st.fail(err);
    }
  };
  useEffect(() => {
    void loadExport();
  }, [agencyId, session.token]);
  const href = useMemo(() => (exported === null ? undefined : URL.createObjectURL(new Blob([exported], { type: "text/csv;charset=utf-8" }))), [exported]);
  useEffect(() => () => void (href && URL.revokeObjectURL(href)), [href]);

  const refused = (err: unknown) => {
    if (err instanceof StaffApiError && err.lines.length > 0) {
      setBad(err.lines);
      st.fail(null, a.nothingWritten);
    } else st.fail(err);
  };

  const check = async (e: Event) => {
    e.preventDefault();
    st.clear();
    setPreview(null);
    setBad([]);
    if (file === null) return;
    setBusy(true);
    try {
      setPreview(await api.importTeamCsv(session, agencyId, file.text, true));
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (file === null) return;
    setBusy(true);
    try {
      const r = await api.importTeamCsv(session, agencyId, file.text, false);
      setPreview(null);
      st.ok(a.imported(r.created, r.updated));
      await loadExport();
    } catch (err) {
      setPreview(null);
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section aria-labelledby="csv-h" class="card">
        <h2 id="csv-h">{a.csvHeading}</h2>
        <p class="hint">{a.csvIntro}</p>
        {href && (
          <a class="download" href={href} download="team.csv">
            {a.exportButton}
          </a>
        )}
      </section>
      <section aria-labelledby="import-h" class="card">
        <h2 id="import-h">{a.importHeading}</h2>
        <form onSubmit={check}>
          <label for="csv-file">{a.fileLabel}</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="csv-file-hint"
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              setPreview(null);
              setBad([]);
              st.clear();
              setFile(f ? { name: f.name, text: await f.text() } : null);
            }}
          />
          <p id="csv-file-hint" class="hint">
            {a.fileHint}
          </p>
          <button type="submit" disabled={busy || file === null}>
            {a.checkFile}
          </button>
        </form>
        <StatusLine status={st.status} error={st.error} />
        {preview && (
          <div role="alertdialog" aria-labelledby="preview-d" class="confirm">
            <p id="preview-d">{a.previewOk(preview.created, preview.updated)}</p>
            <button type="button" disabled={busy} onClick={() => void confirm()}>
              {a.confirmImport}
            </button>{" "}
            <button type="button" class="secondary" onClick={() => setPreview(null)}>
              {a.cancelImport}
            </button>
          </div>
        )}
        {bad.length > 0 && (
          <>
            <h3 id="bad-h">{a.badLinesHeading(bad.length)}</h3>
            <table aria-labelledby="bad-h">
              <thead>
                <tr>
                  <th scope="col">{a.colLine}</th>
                  <th scope="col">{a.colReason}</th>
                </tr>
              </thead>
              <tbody>
                {bad.map((l) => (
                  <tr key={`${l.line}-${l.code}`} data-line={l.line}>
                    <th scope="row">{l.line}</th>
                    <td>{a.lineReason(l.code, l.field)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}
