# On JDK 25 and newer, `./procwatch compile` starts from an AOT cache (JEP 483 and 515): its classes already loaded
# and linked, and the method profiles of a training compile, so that the JIT compiles the merge's hot code sooner
# (about 12% off compiling 100,000 releases: docs/benchmarks.md). The first compile after each build makes it, from a
# compile of 20,000 generated releases (about 6 s, said on stderr); it is only valid for the class path and collector
# it was made with, which is why compile always runs with the same ones. Sourced by ./procwatch.

# Prints the cache a compile should start from, making it first when it is missing or older than the jar; prints
# nothing on a JDK before 25, or when the cache could not be made (compile then starts as every other command does).
# $1: the class path; the rest: the JVM options a compile runs with.
procwatch_compile_aot() {
  local class_path=$1; shift
  local target="$ROOT/launcher/target" major
  # Made under names of this shell's own, then moved into place: two compiles started at once do not mix their files.
  local cache="$target/compile.aot" making="$target/compile.aot.$$" config="$target/compile.aotconf.$$"
  local sample="$target/compile-training.jsonl.$$"
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null)
  if [ -z "$major" ] || [ "$major" -lt 25 ]; then
    return 0
  fi
  if [ ! -f "$cache" ] || [ "$cache" -ot "$JAR" ]; then
    echo "procwatch: preparing compile's start-up cache (once per build, a few seconds) ..." >&2
    local java=("$JAVA_HOME/bin/java" "$@" -cp "$class_path")
    if ! { "${java[@]}" org.procwatch.launcher.Main generate --releases 20000 --per-process 4 --seed 7 > "$sample" \
        && "${java[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$config" org.procwatch.launcher.Main compile "$sample" \
        && "${java[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$config" -XX:AOTCache="$making" \
        && mv -f "$making" "$cache"; } > /dev/null 2>&1; then
      echo "procwatch: could not prepare compile's start-up cache; compiling without it" >&2
    fi
    rm -f "$making" "$config" "$sample"
  fi
  if [ -f "$cache" ]; then
    echo "$cache"
  fi
}
