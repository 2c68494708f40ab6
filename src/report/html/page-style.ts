/** The report page's stylesheet, inline: the page loads no font, sheet or image. */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--soft:#f6f8fa}[hidden]{display:none!important}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1280px;padding:0 1rem;color:var(--fg)}
h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
.sub,.muted,.note{color:var(--muted)}.sub{margin-top:0}.note{margin:.2rem 0 .5rem}
.headline{font-size:1.05rem;font-weight:600;margin:.25rem 0}
.caveat{background:#fff8c5;border:1px solid #d4a72c66;padding:.35rem .7rem;border-radius:6px;margin:.3rem 0}
nav a{margin-right:1rem}
table{border-collapse:collapse;margin:.3rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:.25rem .55rem;text-align:left;vertical-align:top}th{background:var(--soft);position:sticky;top:0}
td.r,th.r{text-align:right}.nowrap{white-space:nowrap}td.id{white-space:nowrap;font-family:ui-monospace,monospace;font-size:12.5px}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem}.charts figure{margin:0}.charts figcaption{font-weight:600;margin-bottom:.2rem}
.filters{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.4rem 0;position:sticky;top:0;background:#fff;padding:.3rem 0;z-index:2}
.filters input{flex:1 1 18rem;padding:.3rem .5rem}.filters select,.filters button{padding:.25rem .4rem}
table.tasks{width:100%}table.tasks th button{all:unset;cursor:pointer;font-weight:600}
table.tasks th button:focus-visible,.expand:focus-visible{outline:2px solid #0969da}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.expand{border:0;background:none;cursor:pointer;font-size:1rem;padding:0 .2rem;visibility:hidden}.live .expand{visibility:visible}.expand[aria-expanded=true]{transform:rotate(90deg)}
tr.attempt td{background:#fbfcfd;border-bottom-color:#eaeef2}.why{white-space:pre-wrap;color:var(--fg);max-height:12em;overflow:auto}
.strip i{display:inline-block;width:6px;height:12px;margin-right:1px;vertical-align:-1px;border-radius:1px}
i.p{background:#1a7f37}i.f{background:#cf222e}i.e{background:#bc4c00}i.l{background:#8250df}i.x{background:#8c959f}
.st{font-weight:600}.st.p{color:#1a7f37}.st.f{color:#cf222e}.st.e{color:#bc4c00}.st.l{color:#8250df}.st.x{color:#6e7781}
.legend{color:var(--muted);font-size:12.5px}.legend span{margin-right:.6rem}
.tag{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 .35rem;color:var(--muted)}
table.side-by-side{width:100%}.side{width:36%}.side div{margin-top:.15rem}.st a{color:inherit}
td.id .muted{white-space:normal;font:12.5px/1.35 system-ui,sans-serif;min-width:12rem}
.filters select{max-width:14rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
`;
