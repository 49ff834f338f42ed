# fish completion for swoll-trace (swoll trace under its own name) - generated from the commander definitions in cli/ by build.ts (cli/completion/) - do not edit
# fish loads swoll.fish for the wrapped command: its functions and completions serve swoll-trace too
complete -c swoll-trace -w 'swoll trace'
