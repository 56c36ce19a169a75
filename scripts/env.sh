# shellcheck shell=bash
# Sourced by the other scripts (bash only):   . "$(dirname "${BASH_SOURCE[0]}")/env.sh"
#
# - sets TODO_ROOT to the repository root (the directory above scripts/);
# - puts the Swift toolchain on PATH (/opt/swift/usr/bin) when `swift` is not found, and /usr/sbin, /sbin
#   (nginx lives there) when missing;
# - loads $TODO_ROOT/.env without overriding variables already set in the environment, and exports them.
#   Accepted lines: KEY=VALUE, optionally preceded by `export `; blank lines and # comments are skipped;
#   VALUE may be wrapped in single quotes (taken literally) or double quotes (\" and \\ unescaped);
#   an unquoted VALUE ends at ` #` (an inline comment) and is trimmed. Nothing in .env is executed.
#   With TODO_SKIP_DOTENV=1, .env is not read.

TODO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export TODO_ROOT

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac
case ":$PATH:" in *:/sbin:*) ;; *) export PATH="$PATH:/sbin" ;; esac

# todo_load_env FILE: export KEY=VALUE pairs from FILE for keys not already set.
todo_load_env() {
    local file="$1" line key value lineno=0
    [[ -f "$file" ]] || return 0
    while IFS= read -r line || [[ -n "$line" ]]; do
        lineno=$((lineno + 1))
        line="${line%$'\r'}"
        # trim leading whitespace
        line="${line#"${line%%[![:space:]]*}"}"
        [[ -z "$line" || "$line" == \#* ]] && continue
        if [[ "$line" =~ ^export[[:space:]]+(.*)$ ]]; then
            line="${BASH_REMATCH[1]}"
        fi
        if [[ ! "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
            echo "env.sh: $file:$lineno: ignoring a line that is not KEY=VALUE" >&2
            continue
        fi
        key="${BASH_REMATCH[1]}"
        value="${BASH_REMATCH[2]}"
        if [[ "$value" =~ ^\'([^\']*)\'[[:space:]]*(#.*)?$ ]]; then
            value="${BASH_REMATCH[1]}"
        elif [[ "$value" =~ ^\"((\\.|[^\"\\])*)\"[[:space:]]*(#.*)?$ ]]; then
            value="${BASH_REMATCH[1]}"
            value="${value//\\\"/\"}"
            value="${value//\\\\/\\}"
        else
            # unquoted: an inline comment starts at whitespace followed by #
            if [[ "$value" =~ ^(.*[^[:space:]])?[[:space:]]+#.*$ ]]; then
                value="${BASH_REMATCH[1]}"
            elif [[ "$value" == \#* ]]; then
                value=""
            fi
            value="${value%"${value##*[![:space:]]}"}"
        fi
        # The environment wins over .env.
        if [[ -z "${!key+set}" ]]; then
            export "$key=$value"
        fi
    done <"$file"
}

# TODO_SKIP_DOTENV=1 (set by scripts/test.sh): do not load .env, so a developer's .env cannot change tests.
if [[ "${TODO_SKIP_DOTENV:-}" != 1 ]]; then
    todo_load_env "$TODO_ROOT/.env"
fi
