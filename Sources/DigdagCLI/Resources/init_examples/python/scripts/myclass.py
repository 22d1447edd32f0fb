from datetime import datetime
from random import randint


class MyClass(object):
    """Methods called by the py> tasks of the example workflow."""

    def print_time(self, label, time):
        print([label, datetime.fromisoformat(time)])

    def say_something(self, order, animal):
        print('%s %s picked the number %d' % (order, animal, randint(0, 9)))
