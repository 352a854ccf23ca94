"""Take the Editors page's screenshot (docs/editors.png): Neovim with `termkit lsp`, diagnostics and a hover.

A real session: Neovim runs in an xterm on a virtual X screen (Xvfb) with
only its built-in LSP client, started on ``termkit lsp`` with the bundled
termbase; when the first diagnostics arrive, the cursor moves to 巴塞公约 (wrapped
across two lines) and
``vim.lsp.buf.hover()`` opens the concept's entry; then ImageMagick's
``import`` captures the xterm window, pixel for pixel.

    python docs/editors_screenshot.py [OUTPUT.png]

Needs (Debian): neovim xvfb xterm imagemagick fonts-wqy-zenhei fonts-dejavu-core
xdotool, and termkit with its lsp extra.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DISPLAY = ":97"
DOCUMENT = """# 化学品和废物问题工作组报告

1. 缔约方大会欢迎巴塞公约、鹿特丹公约和斯德哥尔摩公约秘书处提交的报告（UNEP/CHW.14/1)。
2. 会议注意到持久性有機污染物审查委员会的工作，并请环境署执行主任继续提供支持。
3. 与会者强调了控制危险废物越境转移及其处置巴塞
公约在各区域的执行情况。
"""
# Neovim's own LSP client (0.7 and later), no plugin: start termkit lsp, show its diagnostics,
# then hover on the wrapped 巴塞/公约 once they are in, and say so in a file.
INIT = r"""
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.laststatus = 2
vim.o.background = "dark"
vim.cmd("highlight NormalFloat ctermbg=236 ctermfg=252 guibg=#2d3036 guifg=#d8d8d8")
vim.cmd("highlight FloatBorder ctermbg=236 ctermfg=244")
vim.lsp.handlers["textDocument/hover"] = vim.lsp.with(vim.lsp.handlers.hover, { border = "rounded" })
vim.diagnostic.config({ virtual_text = { prefix = "■" }, severity_sort = true, underline = true })
local shown = false
local function hover()
  -- on the term wrapped across lines 5 and 6: the entry opens below the other findings
  vim.api.nvim_win_set_cursor(0, { 5, vim.fn.byteidx(vim.fn.getline(5), 24) })
  vim.lsp.buf.hover()
  vim.defer_fn(function() io.open("READY", "w"):close() end, 1500)
end
local id = vim.lsp.start_client({
  name = "termkit",
  cmd = { "TERMKIT", "lsp" },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      if not shown and #result.diagnostics > 0 then
        shown = true
        vim.defer_fn(hover, 800)
      end
    end,
  },
})
vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function() vim.lsp.buf_attach_client(0, id) end,
})
"""


def main(output: str = str(HERE / "editors.png")) -> None:
    termkit = shutil.which("termkit") or sys.exit("editors_screenshot: termkit is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "report.md").write_text(DOCUMENT, encoding="utf-8")
        (work / "init.lua").write_text(INIT.replace("TERMKIT", termkit), encoding="utf-8")
        env = {**os.environ, "DISPLAY": DISPLAY}
        xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1600x900x24", "-nolisten", "tcp"])
        term = None
        try:
            time.sleep(1.5)
            term = subprocess.Popen(
                ["xterm", "-geometry", "150x24+0+0", "-fa", "DejaVu Sans Mono", "-fd", "WenQuanYi Zen Hei",
                 "-fs", "12",
                 "-bg", "#1d1f21", "-fg", "#d8d8d8", "-title", "termkit-nvim", "-bc", "-bcn", "0",
                 "-e", "nvim", "-u", "init.lua", "report.md"], cwd=work, env=env)
            deadline = time.time() + 120
            while not (work / "READY").exists():
                if time.time() > deadline:
                    sys.exit("editors_screenshot: no hover after 120 s")
                time.sleep(0.2)
            window = subprocess.run(["xdotool", "search", "--name", "termkit-nvim"], env=env, check=True,
                                    capture_output=True, text=True).stdout.split()[0]
            subprocess.run(["import", "-window", window, output], env=env, check=True)
        finally:
            if term is not None:
                term.terminate()
            xvfb.terminate()
    print(f"wrote {output}")


if __name__ == "__main__":
    main(*sys.argv[1:])
