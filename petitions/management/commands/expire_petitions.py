from petitions.management.commands import run_clocks


class Command(run_clocks.Command):
    help = "The former name of run_clocks, kept for existing schedules: " + run_clocks.Command.help
