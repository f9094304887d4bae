# Sourced by bin/more, bin/build and .ci/run: points JAVA_HOME and PATH at a JDK 25 or newer.
# Looks at $JAVA_HOME, then /usr/lib/jvm/*, then the java on PATH; fails with what to install.

jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

use_jdk25() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK 25 found (looked at JAVA_HOME, /usr/lib/jvm/* and the javac on PATH)." >&2
  echo "Install one, e.g. Eclipse Temurin 25 from https://adoptium.net/temurin/releases/?version=25," >&2
  echo "and point JAVA_HOME at it." >&2
  return 1
}
