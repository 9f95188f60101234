// Inside the Shadow DOM: the host page's CSS does not reach in, and `all: initial` on the host
// stops the few inherited properties (font, colour, line height) that would.
export const styles = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;margin:0}
button{cursor:pointer;border:0;background:none;padding:0}
[hidden]{display:none!important}
:focus-visible{outline:2px solid var(--c);outline-offset:2px}
.bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;background:var(--c);box-shadow:0 4px 14px #0004;display:grid;place-items:center}
.bubble svg{width:28px;height:28px;fill:#fff}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center;padding:0 5px}
.panel{position:fixed;right:20px;bottom:20px;width:370px;height:560px;max-height:calc(100vh - 40px);background:#fff;border-radius:14px;box-shadow:0 10px 40px #0005;display:flex;flex-direction:column;overflow:hidden}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;max-height:none;border-radius:0}}
header{background:var(--c);padding:14px 16px;display:flex;align-items:center;gap:8px}
header h2{flex:1;color:#fff;font-size:16px;font-weight:600}
header button svg{width:22px;height:22px;fill:#fff;display:block}
.start{padding:18px 16px;display:flex;flex-direction:column;gap:12px;overflow:auto}
label{display:flex;flex-direction:column;gap:4px;font-weight:600;font-size:13px}
input,textarea{font-weight:400;border:1px solid #d1d5db;border-radius:8px;padding:9px 10px;width:100%;background:#fff}
.primary{background:var(--c);color:#fff;font-weight:600;border-radius:8px;padding:10px}
.alert{color:#b91c1c;font-size:13px}
.alert:empty{display:none}
.log{flex:1;overflow-y:auto;padding:12px;list-style:none;display:flex;flex-direction:column;gap:6px;background:#f3f4f6}
.greet,.m{max-width:82%;padding:8px 10px;border-radius:12px;background:#fff;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px #0001}
.m.in{align-self:flex-end;background:var(--c);color:#fff}
.m.in *{color:#fff}
.m time{display:block;text-align:right;font-size:11px;opacity:.7}
.m img{display:block;max-width:100%;max-height:220px;border-radius:8px;margin-bottom:4px}
.m .file{text-decoration:underline;text-align:left}
.m blockquote{border-left:3px solid var(--c);background:#0000000d;border-radius:6px;padding:4px 8px;margin-bottom:4px;font-size:13px;white-space:pre-wrap}
.m blockquote strong{display:block;font-size:12px;font-weight:600}
.choices{display:flex;flex-direction:column;gap:4px;margin-top:6px}
.choices button{border:1px solid var(--c);color:var(--c);border-radius:8px;padding:6px 10px;text-align:left}
.choices button:disabled{opacity:.5;cursor:default}
.note{padding:0 14px;font-size:12px;color:#6b7280;min-height:18px}
.composer{display:flex;align-items:flex-end;gap:6px;padding:8px;border-top:1px solid #e5e7eb}
.composer textarea{resize:none;max-height:110px}
.composer button{width:38px;height:38px;display:grid;place-items:center;border-radius:8px}
.composer svg{width:22px;height:22px;fill:#6b7280}
.composer .send svg{fill:var(--c)}
`;
