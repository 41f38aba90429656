# bash completion for flowstate (printed by: flowstate completion bash)
# Install: flowstate completion bash > ~/.local/share/bash-completion/completions/flowstate
#      or: echo 'source <(flowstate completion bash)' >> ~/.bashrc
# The words typed so far go to `flowstate __complete -- WORDS...`, which prints one candidate
# a line (value, TAB, description), plus `:files` or `:dirs` when file or directory names fit
# if nothing else matches. Its output is read as data only: no eval, no globbing.
_flowstate_completion() {
  local cur=${COMP_WORDS[COMP_CWORD]} line mode=none flag
  COMPREPLY=()
  while IFS= read -r line; do
    case $line in
      :files) mode=files ;;
      :dirs) mode=dirs ;;
      '') ;;
      *) COMPREPLY+=("${line%%$'\t'*}") ;;
    esac
  done < <("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [ ${#COMPREPLY[@]} -eq 0 ] && [ "$mode" != none ]; then
    flag=-f
    [ "$mode" = dirs ] && flag=-d
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen "$flag" -- "$cur")
    compopt -o filenames 2>/dev/null
  fi
  return 0
}
complete -F _flowstate_completion flowstate
