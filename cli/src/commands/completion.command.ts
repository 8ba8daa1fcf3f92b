import type { Command } from 'commander';
import { usageError } from '../common/exit-codes.js';

/** Every command path (`station add`) with its options, read from the program itself. */
interface CommandWords {
  path: string[];
  subcommands: string[];
  options: string[];
}

function walk(command: Command, path: string[] = []): CommandWords[] {
  const here: CommandWords = {
    path,
    subcommands: command.commands.map((c) => c.name()),
    // Hidden options (`add`'s --no-type, which only --from files need) are not offered.
    options: [
      ...command.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
      '--help',
    ],
  };
  return [here, ...command.commands.flatMap((c) => walk(c, [...path, c.name()]))];
}

/**
 * Bash: one `case` on the command path typed so far; words after the last known command
 * complete its subcommands and options, and file names everywhere else.
 */
export function bashCompletion(program: Command): string {
  const cases = walk(program)
    .map((w) => `    "${w.path.join(' ')}") words="${[...w.subcommands, ...w.options].join(' ')}" ;;`)
    .join('\n');
  return `# svom completion for bash: source <(svom completion bash), or save it in
# ~/.local/share/bash-completion/completions/svom
_svom() {
  local cur path="" w words i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case "\${path:+$path }$w" in
${walk(program)
  .filter((x) => x.path.length > 0)
  .map((x) => `      "${x.path.join(' ')}") path="${x.path.join(' ')}" ;;`)
  .join('\n')}
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}
complete -o filenames -F _svom svom
`;
}

/** Zsh: bash's function through bashcompinit, so both shells complete the same words. */
export function zshCompletion(program: Command): string {
  return `# svom completion for zsh: source <(svom completion zsh) in ~/.zshrc
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program).split('\n').slice(2).join('\n')}`;
}

/** `svom completion bash|zsh`: the completion script for the shell, on stdout. */
export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('Print the shell completion script for bash or zsh')
    .argument('<shell>', 'bash or zsh')
    .addHelpText(
      'after',
      `
Examples:
  source <(svom completion bash)            # this shell only
  svom completion bash > ~/.local/share/bash-completion/completions/svom
  echo 'source <(svom completion zsh)' >> ~/.zshrc`,
    )
    .action((shell: string) => {
      if (shell === 'bash') process.stdout.write(bashCompletion(program));
      else if (shell === 'zsh') process.stdout.write(zshCompletion(program));
      else throw usageError(`no completion for "${shell}": bash or zsh`);
    });
}
