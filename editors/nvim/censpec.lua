-- censpec's language server in Neovim 0.7.2 (Debian 12) and newer, with no plugin:
-- copy these lines into init.lua, or add `dofile('/path/to/censpec/editors/nvim/censpec.lua')`.
-- `vim.g.censpec_lsp_cmd` replaces the command (default: `censpec lsp` from the PATH).
-- Written for 0.7: no vim.lsp.start (0.8+), and *.cen is detected with an autocommand
-- because 0.7's vim.filetype.add only works after `vim.g.do_filetype_lua = 1`.
vim.cmd([[autocmd BufRead,BufNewFile *.cen setfiletype cen]])
local censpec_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'cen',
  callback = function(args)
    if not censpec_client or vim.lsp.client_is_stopped(censpec_client) then
      censpec_client = vim.lsp.start_client({
        name = 'censpec',
        cmd = vim.g.censpec_lsp_cmd or { 'censpec', 'lsp' },
        root_dir = vim.fn.getcwd(),
      })
    end
    if censpec_client then
      vim.lsp.buf_attach_client(args.buf, censpec_client)
    end
  end,
})
