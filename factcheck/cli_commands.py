"""The names of the command-line subcommands; imports nothing, so the GUI launcher stays light."""

CLI_COMMANDS = (
    "import",
    "export",
    "list",
    "annotate",
    "annotations",
    "edit",
    "link",
    "unlink",
    "links",
    "matters",
    "matter",
    "search",
    "labels",
    "label",
    "claimants",
    "timeline",
)
