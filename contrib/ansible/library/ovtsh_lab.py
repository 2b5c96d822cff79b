#!/usr/bin/python3
# ovtsh_lab - an Ansible module that applies an ovtsh script as the desired
# state of a lab.  ovtsh does the work; this module maps Ansible's modes:
# check mode runs "ovtsh --dry-run", diff mode returns the planned
# commands, and changed/failed come from ovtsh's JSON recap (--json).

DOCUMENTATION = r'''
module: ovtsh_lab
short_description: Build or converge an ovtsh network lab from a script
description:
  - Replays an ovtsh script (namespaces, containers, bridges, veth, VXLAN,
    routes) with C(ovtsh --json); the script is the desired state, and a
    second run changes nothing.
  - Check mode is C(ovtsh --dry-run): what would change, changing nothing.
options:
  script:
    description: The ovtsh script to apply.
    type: path
    required: true
  lab:
    description: The lab whose objects the script describes (C(--lab)).
    type: str
  prune:
    description: Remove the lab's objects the script does not describe
      (C(--prune)), so the lab equals the script.
    type: bool
    default: false
  defines:
    description: Script variables, as C(-D NAME=VALUE).
    type: dict
    default: {}
  ovtsh:
    description: The ovtsh binary.
    type: path
    default: ovtsh
'''

RETURN = r'''
recap:
  description: ovtsh's recap (changed, unchanged, removed, failed).
  type: dict
lines:
  description: Per script line, its status and the commands it ran or
    would run.
  type: list
'''

import json

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            script=dict(type='path', required=True),
            lab=dict(type='str'),
            prune=dict(type='bool', default=False),
            defines=dict(type='dict', default={}),
            ovtsh=dict(type='path', default='ovtsh'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    cmd = [p['ovtsh'], '--json']
    if module.check_mode:
        cmd.append('--dry-run')
    if p['prune']:
        cmd.append('--prune')
    if p['lab']:
        cmd += ['--lab', p['lab']]
    for name, value in sorted(p['defines'].items()):
        cmd += ['-D', '%s=%s' % (name, value)]
    cmd += ['-f', p['script']]

    rc, out, err = module.run_command(cmd)
    doc = None
    for line in reversed(out.splitlines()):
        line = line.strip()
        if line.startswith('{'):
            try:
                doc = json.loads(line)
            except ValueError:
                pass
            break
    if doc is None or 'recap' not in doc:
        module.fail_json(msg='ovtsh gave no JSON recap: %s' %
                         (err.strip() or out.strip()), rc=rc, cmd=cmd)
    recap = doc['recap']
    lines = doc.get('lines', [])
    result = dict(
        changed=recap.get('changed', 0) + recap.get('removed', 0) > 0,
        recap=recap, lines=lines, rc=rc, cmd=cmd, stderr=err)
    if module._diff:
        prepared = []
        for ln in lines:
            for ch in ln.get('changes', []):
                if ch.get('sign') != '=':
                    prepared.append('%s %s' % (ch.get('sign'), ch.get('cmd')))
        result['diff'] = dict(prepared='\n'.join(prepared) + '\n'
                              if prepared else '')
    if rc != 0 or recap.get('failed', 0):
        module.fail_json(msg=err.strip() or 'ovtsh: %d line(s) failed' %
                         recap.get('failed', 0), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
