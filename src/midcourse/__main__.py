from midcourse.cli import main

main()
