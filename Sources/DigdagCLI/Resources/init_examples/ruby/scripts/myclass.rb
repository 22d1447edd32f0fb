require 'time'

# Methods called by the rb> tasks of the example workflow.
class MyClass
  def print_time(label:, time:)
    p [label, Time.parse(time)]
  end

  def say_something(order:, animal:)
    puts %Q|#{order} #{animal} picked the number #{Random.rand(10)}|
  end
end
