# Finds a JDK 21 or newer and exports JAVA_HOME; sourced by ./procwatch and .ci/run.
# Order: JAVA_HOME, then the java on PATH, then the platform's usual JDK folders (newest first).

procwatch_java_major() {
  # Prints the feature version of the java binary given ("17", "21", "25"), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

procwatch_find_jdk() {
  local candidate major
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)")
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/ /opt/jdk*/ \
      "$HOME"/.sdkman/candidates/java/*/ "$HOME"/.jdks/*/ \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -r -V); do
    candidates+=("${candidate%/}")
  done
  for candidate in "${candidates[@]}"; do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      major=$(procwatch_java_major "$candidate/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        export JAVA_HOME="$candidate"
        return 0
      fi
    fi
  done
  cat >&2 <<'MSG'
procwatch needs a Java Development Kit (JDK) 21 or newer, and none was found
(looked at JAVA_HOME, the java on PATH, and the usual JDK folders).
Install one, then run the command again:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless   (or temurin-21-jdk from Adoptium)
  Fedora/RHEL:    sudo dnf install java-21-openjdk-devel
  macOS:          brew install openjdk@21
  Anywhere:       a Temurin 21 JDK from https://adoptium.net
If it is installed somewhere unusual, point JAVA_HOME at it.
MSG
  return 1
}
