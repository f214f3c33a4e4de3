import sys

from kerasgan_cli import main

sys.exit(main())
