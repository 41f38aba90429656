# fish completion for flowstate (printed by: flowstate completion fish)
# Install: flowstate completion fish > ~/.config/fish/completions/flowstate.fish
# The words typed so far go to `flowstate __complete -- WORDS...`, which prints one candidate
# a line (value, TAB, description: fish's own format), plus `:files` or `:dirs` when file or
# directory names fit if nothing else matches.
function __flowstate_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l mode none
    set -l found 0
    for line in ($tokens[1] __complete -- $tokens[2..-1] $current 2>/dev/null)
        switch $line
            case :files
                set mode files
            case :dirs
                set mode dirs
            case '*'
                set found 1
                printf '%s\n' $line
        end
    end
    if test $found -eq 0
        switch $mode
            case files
                __fish_complete_path $current
            case dirs
                __fish_complete_directories $current
        end
    end
end
complete -c flowstate -f -a '(__flowstate_complete)'
