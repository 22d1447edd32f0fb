# Runner for digdag's rb> operator.
#
# Usage: ruby -I <workdir> [-r <file>] -- runner.rb <[Mod::Class.]method> <input.json> <output.json>
#
# Reads {"params": {...}} from the input file and calls the named method: a top-level method,
# a public instance method of a new instance of the class (whose initialize gets its arguments
# from params too), or a singleton method of the class. Arguments are taken from params by name;
# a **keyword-rest parameter receives every param. Then writes
# {"subtask_config", "export_params", "store_params"[, "error"]} to the output file.
# Task code talks back through Digdag.env (params, store, export, add_subtask, set_state).

require 'json'

module DigdagEnv
  # Holds the values Digdag.env reads and fills.
  class State
    attr_reader :params, :subtask_config, :export_params, :store_params, :state_params

    def initialize(params)
      @params = params
      @subtask_config = {}
      @export_params = {}
      @store_params = {}
      @state_params = {}
    end
  end
end

module Digdag
  # What task code sees as Digdag.env.
  class Env
    def initialize(state)
      @state = state
      @subtask_index = 0
    end

    def params
      @state.params
    end

    def subtask_config
      @state.subtask_config
    end

    def export_params
      @state.export_params
    end

    def store_params
      @state.store_params
    end

    def state_params
      @state.state_params
    end

    # set_state(key: value, ...) or set_state({"key" => value})
    def set_state(values = {}, **keywords)
      @state.state_params.merge!(values).merge!(keywords)
      nil
    end

    # export(key: value, ...) or export({"key" => value}): params for the following tasks.
    def export(values = {}, **keywords)
      @state.export_params.merge!(values).merge!(keywords)
      nil
    end

    # store(key: value, ...) or store({"key" => value}): params stored for the whole attempt.
    def store(values = {}, **keywords)
      @state.store_params.merge!(values).merge!(keywords)
      nil
    end

    # add_subtask(config_hash)
    # add_subtask(:top_level_method, params = {})
    # add_subtask(Klass, :method, params = {})
    def add_subtask(*args, **keywords)
      args << keywords unless keywords.empty?
      config =
        if args.length == 1 && args[0].is_a?(Hash)
          args[0].dup
        elsif args.length == 1 || (args.length == 2 && args[1].is_a?(Hash))
          name = Digdag.subtask_method_name(args[0])
          Hash(args[1]).merge("rb>" => name)
        elsif args.length == 2 || (args.length == 3 && args[2].is_a?(Hash))
          klass = Digdag.subtask_class(args[0])
          name = Digdag.subtask_method_name(args[1])
          unless klass.respond_to?(name.to_sym) || klass.public_instance_methods.include?(name.to_sym)
            raise ArgumentError, "Class #{klass} does not have method #{name.to_sym.inspect}"
          end
          Hash(args[2]).merge("rb>" => "::#{klass.name}.#{name}")
        else
          raise ArgumentError,
                "wrong number of arguments (#{args.length} for 1..3 with the last argument is a Hash)"
        end
      begin
        JSON.generate(config)
      rescue StandardError => e
        raise ArgumentError, "Parameters must be serializable using JSON: #{e}"
      end
      @state.subtask_config["+subtask#{@subtask_index}"] = config
      @subtask_index += 1
      nil
    end
  end

  def self.subtask_method_name(value)
    unless value.is_a?(Symbol) || value.is_a?(String)
      raise ArgumentError, "Method name must be a Symbol or String but got #{value.inspect}"
    end
    name = value.to_s
    raise ArgumentError, "Method name can't include '.'" if name.include?('.')
    name
  end

  def self.subtask_class(value)
    return value if value.is_a?(Class)
    unless value.is_a?(Symbol) || value.is_a?(String)
      raise ArgumentError, "First argument must be a Class or Symbol but got #{value.inspect}"
    end
    begin
      Object.const_get(value.to_s.sub(/\A::/, ''))
    rescue NameError
      raise ArgumentError, "Could not find class named #{value}"
    end
  end

  def self.env
    @env
  end

  def self.install_env(env)
    @env = env
  end
end

module DigdagRunner
  module_function

  # [receiver (nil for a top-level method), method name, instance method?]
  def resolve(command)
    parts = command.split('.')
    method_name = parts.pop.to_s.to_sym
    return [nil, method_name, false] if parts.empty?
    class_name = parts.join('.').sub(/\A::/, '')
    begin
      klass = Object.const_get(class_name)
    rescue NameError
      raise NameError, "uninitialized constant #{class_name}"
    end
    [klass, method_name, klass.public_instance_methods.include?(method_name)]
  end

  # The Method object for `name` on `receiver`, with a plain message when it does not exist.
  def find_method(receiver, name, label)
    receiver.method(name)
  rescue NameError
    raise NoMethodError, "undefined method `#{name}' for #{label}"
  end

  # Positional arguments and keywords for a method with `parameters`, filled from params by name.
  def arguments(parameters, params, label)
    args = []
    keywords = {}
    positional_open = true
    parameters.each do |kind, name|
      key = name.to_s
      case kind
      when :req
        raise ArgumentError, "Method '#{label}' requires parameter '#{key}' but not set" unless params.key?(key)
        args << params[key]
      when :opt
        # An optional argument after a missing one cannot be passed by position.
        if positional_open && params.key?(key)
          args << params[key]
        else
          positional_open = false
        end
      when :keyreq
        raise ArgumentError, "Method '#{label}' requires parameter '#{key}' but not set" unless params.key?(key)
        keywords[name] = params[key]
      when :key
        keywords[name] = params[key] if params.key?(key)
      when :keyrest
        keywords.merge!(symbolize_keys(params))
      end
    end
    [args, keywords]
  end

  def symbolize_keys(hash)
    hash.each_with_object({}) do |(key, value), built|
      built[key.to_s.to_sym] = value.is_a?(Hash) ? symbolize_keys(value) : value
    end
  end

  def call(command, params)
    klass, method_name, instance_method = resolve(command)
    if klass.nil?
      main = TOPLEVEL_BINDING.receiver
      method = find_method(main, method_name, 'the top level (define it in a file given by require:)')
      args, keywords = arguments(method.parameters, params, method_name.to_s)
      main.send(method_name, *args, **keywords)
    elsif instance_method
      init = klass.instance_method(:initialize)
      args, keywords = arguments(init.parameters, params, "#{klass}#initialize")
      instance = klass.new(*args, **keywords)
      method = instance.method(method_name)
      args, keywords = arguments(method.parameters, params, "#{klass}##{method_name}")
      instance.public_send(method_name, *args, **keywords)
    else
      method = find_method(klass, method_name, "class `#{klass}'")
      args, keywords = arguments(method.parameters, params, "#{klass}.#{method_name}")
      klass.public_send(method_name, *args, **keywords)
    end
  end

  # The error for output.json. Errors raised by this runner itself (unknown class or method,
  # missing parameter) keep their one-line text, without Ruby's source-code highlight.
  def error_record(error)
    backtrace = error.backtrace || []
    message = error.message
    if backtrace.first.to_s.start_with?(__FILE__) && error.respond_to?(:original_message)
      message = error.original_message
    end
    { 'class' => error.class.to_s, 'message' => message, 'backtrace' => backtrace }
  end

  def write_output(path, state, error)
    out = {
      'subtask_config' => state.subtask_config,
      'export_params' => state.export_params,
      'store_params' => state.store_params
    }
    out['error'] = error_record(error) if error
    text =
      begin
        JSON.generate(out)
      rescue StandardError => e
        error ||= e
        JSON.generate('subtask_config' => {}, 'export_params' => {}, 'store_params' => {},
                      'error' => error_record(e))
      end
    File.write(path, text)
    error
  end

  def main(argv)
    command, in_file, out_file = argv
    state = DigdagEnv::State.new(JSON.parse(File.read(in_file))['params'])
    Digdag.install_env(Digdag::Env.new(state))
    $LOAD_PATH << File.expand_path(Dir.pwd)

    error = nil
    begin
      call(command, state.params)
    rescue StandardError => e
      error = e
    end
    error = write_output(out_file, state, error)
    raise error if error
  end
end

DigdagRunner.main(ARGV)
