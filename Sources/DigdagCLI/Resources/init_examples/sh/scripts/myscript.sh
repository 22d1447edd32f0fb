#!/bin/bash
# Called by the +repeat task with the order and the animal as arguments.
echo "$@ said \"my machine is $(uname -sm)\""
sleep 1
