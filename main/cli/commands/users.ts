// Runs in the CLI process. `benchphant users list|add|rm|passwd`: the accounts people log in with.
// A password comes from BENCHPHANT_PASSWORD or a hidden prompt, never a flag, and is never printed.
import type { Command } from 'commander';
import type { Account } from '../../../shared/contract/accounts';
import { CliFailure, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { confirm, readPassword } from '../prompt';
import { withSession } from '../session';
import { renderTable } from '../table';

/** The environment's password, else asked twice on a terminal (once from a pipe). */
async function newPassword(io: CliIo, username: string): Promise<string> {
  const fromEnv = io.env.BENCHPHANT_PASSWORD;
  if (fromEnv) return fromEnv;
  const first = await readPassword(io, `New password for ${username}: `);
  if (io.stdin.isTTY && first !== (await readPassword(io, 'Repeat it: ')))
    throw new CliFailure('The two passwords differ; nothing was changed.', EXIT_USAGE);
  if (first === '')
    throw new CliFailure(
      'No password given: type one when asked, or set BENCHPHANT_PASSWORD.',
      EXIT_USAGE,
    );
  return first;
}

const describe = (a: Account) => `${a.username}${a.admin ? ' (admin)' : ''}`;

export function usersCommand(program: Command, io: CliIo): void {
  const cmd = program
    .command('users')
    .description('Accounts that log in to `benchphant serve` (browser, JWT, HTTP Basic, API keys).')
    .addHelpText(
      'after',
      '\nThere is no default account or password. The first account you add is an administrator.\n' +
        'Passwords come from BENCHPHANT_PASSWORD or a hidden prompt; there is no --password flag.',
    );

  cmd
    .command('list')
    .description('List accounts.')
    .option('--json', 'print them as JSON')
    .action((o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const list = await s.call('users.list');
        if (o.json) return void writeLine(io.stdout, JSON.stringify(list, null, 2));
        if (list.length === 0)
          return void writeLine(
            io.stdout,
            'No accounts yet; add one with `benchphant users add NAME`.',
          );
        writeLine(
          io.stdout,
          renderTable(
            ['USERNAME', 'ADMIN', 'CREATED', 'LAST LOGIN'],
            list.map((a) => [
              a.username,
              a.admin ? 'yes' : 'no',
              a.created_at,
              a.last_login ?? '—',
            ]),
          ),
        );
      }),
    );

  cmd
    .command('add <username>')
    .description('Add an account (the first one is an administrator).')
    .option('--admin', 'make it an administrator (sees every project, manages accounts)')
    .action((username: string, o: { admin?: boolean }) =>
      withSession(io, async (s) => {
        const first = (await s.call('users.list')).length === 0;
        const password = await newPassword(io, username);
        const made = await s.call('users.create', {
          username,
          password,
          admin: first || o.admin === true,
        });
        writeLine(io.stdout, `Account ${describe(made)} created.`);
      }),
    );

  cmd
    .command('rm <username>')
    .description('Delete an account with its API keys; its logins stop working at once.')
    .option('--yes', 'do not ask for confirmation')
    .action((username: string, o: { yes?: boolean }) =>
      withSession(io, async (s) => {
        if (!o.yes) {
          if (!io.stdin.isTTY)
            throw new CliFailure('Add --yes to delete an account without a terminal.', EXIT_USAGE);
          if (!(await confirm(io, `Delete account '${username}' and all its API keys?`)))
            throw new CliFailure('Nothing deleted.', EXIT_USAGE);
        }
        writeLine(io.stdout, (await s.call('users.delete', { username })).message);
      }),
    );

  cmd
    .command('passwd <username>')
    .description("Set an account's password; every login token it holds stops working.")
    .action((username: string) =>
      withSession(io, async (s) => {
        const password = await newPassword(io, username);
        writeLine(io.stdout, (await s.call('users.setPassword', { username, password })).message);
      }),
    );
}
