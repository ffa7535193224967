-- Headless Neovim (0.7+) with the README's editor setup (editors/nvim/censpec.lua, sourced
-- before this file) drives `censpec lsp`: opening a *.cen file must start and attach it.
-- Arguments come as globals set by -c: SPEC (file), OUT (file),
-- HOVER_LINE / HOVER_COL (0-based), CHECK_TIMEOUT_MS.
local out = {}
local function say(s) table.insert(out, s) end

vim.cmd('edit ' .. vim.fn.fnameescape(SPEC))
local buf = vim.api.nvim_get_current_buf()
say('filetype: ' .. vim.bo[buf].filetype)
local id
vim.wait(CHECK_TIMEOUT_MS, function()
  for client_id, _ in pairs(vim.lsp.buf_get_clients(buf)) do id = client_id end
  return id ~= nil
end, 50)
if not id then
  say('error: no censpec client attached to the buffer')
else
  local got = vim.wait(CHECK_TIMEOUT_MS, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  say('diagnostics-arrived: ' .. tostring(got))
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
    say(string.format('diagnostic: %d:%d %s %s %s', d.lnum, d.col, tostring(code), tostring(d.source), d.message))
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf),
                   position = { line = HOVER_LINE, character = HOVER_COL } }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, CHECK_TIMEOUT_MS)
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents then
      say('hover: ' .. (r.result.contents.value or vim.inspect(r.result.contents)):gsub('\n', ' | '))
    end
  end
  local defs = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, CHECK_TIMEOUT_MS)
  for _, r in pairs(defs or {}) do
    for _, loc in ipairs(r.result or {}) do
      say(string.format('definition: %d:%d', loc.range.start.line, loc.range.start.character))
    end
  end
  vim.lsp.stop_client(id)
end
vim.fn.writefile(out, OUT)
vim.cmd('qa!')
