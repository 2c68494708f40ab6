/** The attempt page's stylesheet: inline, so a page works offline and attached alone. */
export const ATTEMPT_PAGE_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1200px;padding:0 1rem;color:#1f2328}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}h3{font-size:.95rem;margin:.2rem 0 .4rem}
a{color:#0969da}.muted{color:#656d76;font-size:.9em}.note{color:#656d76}.back{font-size:.9em}
.explanation{font-size:1.05rem;margin:.4rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}dl.facts dt{color:#656d76}dl.facts dd{margin:0;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:2em;padding:0 .6em;font-size:.85em;font-weight:600;background:#eaeef2;color:#1f2328}
.badge.passed,.badge.completed{background:#dafbe1;color:#1a7f37}.badge.failed,.badge.agent_error{background:#ffebe9;color:#cf222e}
.badge.limit{background:#fff8c5;color:#7d4e00}.badge.infra_error,.badge.interrupted{background:#ddf4ff;color:#0969da}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .7rem;overflow:auto;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;margin:.3rem 0}
.cut{display:block;color:#7d4e00;background:#fff8c5;margin:.2rem 0;font-style:italic}
.files{margin:.2rem 0 .5rem}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:0 .25em;border-radius:4px}
code.command{user-select:all}
details.issue>summary{cursor:pointer;color:#0969da}
ol.tests{padding-left:1.2rem}li.test{margin:.6rem 0}.test-name{font-weight:600}
pre.error{border-color:#ff818266;background:#fff5f5}ul.evidence{margin:.2rem 0;padding-left:1.2rem}
img.shot{max-width:100%;max-height:420px;border:1px solid #d0d7de;border-radius:6px;margin:.3rem .5rem .3rem 0}
ul.diff-files{padding-left:1.2rem;margin:.3rem 0}pre.diff{white-space:pre;max-height:80vh}
pre.diff .add,.add{color:#1a7f37}pre.diff .add{background:#dafbe1;display:inline-block;min-width:100%}
pre.diff .del{background:#ffebe9;display:inline-block;min-width:100%}.del{color:#cf222e}
pre.diff .hunk{color:#8250df}pre.diff .file{font-weight:700;color:#1f2328}pre.diff .meta{color:#656d76}
table.steps{border-collapse:collapse;width:100%;table-layout:fixed}table.steps th,table.steps td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top;text-align:left}
table.steps th{background:#f6f8fa}table.steps th:first-child{width:7.5rem}table.steps td.n{font-weight:600}table.steps td.n .muted{font-weight:400}
.call{margin-bottom:.5rem}code.tool{font-weight:700}pre.tool-error{border-color:#ff8182}pre.args{background:#fff}
.harness-note{color:#7d4e00;font-size:.9em}.outcome{margin:.6rem 0}.reason{font-weight:600}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.proposal{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .7rem;min-width:0}
.proposal.chosen{border-top:4px solid #0969da}.proposal.correct{border-top:4px solid #1a7f37}
ul.errors li{margin:.2rem 0}
`;
