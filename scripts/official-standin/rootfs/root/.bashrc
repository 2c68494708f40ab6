# ~/.bashrc of root in the stand-in image. As in the official (Ubuntu) image, a shell that
# is not interactive stops on the next line, so `bash -c` (without -i) gets none of the rest.
[ -z "$PS1" ] && return

# What the official image's conda and nvm set-up give an interactive shell: ansible-playbook
# and npm on the PATH. The start-up appends the user-tool alias below.
export PATH="/opt/standin/bin:/opt/standin/node/bin:$PATH"
