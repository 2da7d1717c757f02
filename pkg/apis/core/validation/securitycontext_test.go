package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestSecurityContextValidation(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		want   []string
	}{
		{
			name: "pod security context",
			mutate: func(p *corev1.Pod) {
				p.Spec.HostPID = true
				p.Spec.ShareProcessNamespace = ptr(true)
				p.Spec.SecurityContext = &corev1.PodSecurityContext{
					FSGroup:             ptr(int64(-1)),
					SupplementalGroups:  []int64{5, -2},
					FSGroupChangePolicy: ptr(corev1.PodFSGroupChangePolicy("Sometimes")),
					SeccompProfile:      &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost},
					AppArmorProfile:     &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault, LocalhostProfile: ptr("p")},
				}
			},
			want: []string{
				"spec.securityContext.fsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive",
				"spec.securityContext.supplementalGroups[1]: Invalid value: -2: must be between 0 and 2147483647, inclusive",
				"spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
				`spec.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: "Always", "OnRootMismatch"`,
				"spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost",
				`spec.securityContext.appArmorProfile.localhostProfile: Invalid value: "p": can only be set when AppArmor type is Localhost`,
			},
		},
		{
			name: "sysctls",
			mutate: func(p *corev1.Pod) {
				p.Spec.HostNetwork = true
				p.Spec.SecurityContext.Sysctls = []corev1.Sysctl{
					{Name: "kernel.shm_rmid_forced", Value: "1"},
					{Name: "kernel.shm_rmid_forced", Value: "0"},
					{Name: "net.core.somaxconn", Value: "1024"},
					{Name: "Bad..Name"},
					{Name: ""},
				}
			},
			want: []string{
				`spec.securityContext.sysctls[1].name: Duplicate value: "kernel.shm_rmid_forced"`,
				`spec.securityContext.sysctls[2].name: Invalid value: "net.core.somaxconn": may not be specified when 'hostNetwork' is true`,
				`spec.securityContext.sysctls[3].name: Invalid value: "Bad..Name": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`,
				"spec.securityContext.sysctls[4].name: Required value",
			},
		},
		{
			name: "linux pod may not set windows options",
			mutate: func(p *corev1.Pod) {
				p.Spec.OS = &corev1.PodOS{Name: corev1.Linux}
				p.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(`a\b\c`)}}
			},
			want: []string{
				`spec.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\b\\c": runAsUserName cannot contain more than one backslash`,
				"spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod",
			},
		},
		{
			name: "windows user names",
			mutate: func(p *corev1.Pod) {
				p.Spec.SecurityContext.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(`dom\` + strings.Repeat("u", 105))}
			},
			want: []string{`spec.securityContext.windowsOptions.runAsUserName: Invalid value: "dom\\` + strings.Repeat("u", 105) + `": runAsUserName's User length must not be longer than 104 characters`},
		},
		{
			name: "apparmor annotation must match field",
			mutate: func(p *corev1.Pod) {
				p.Annotations = map[string]string{corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix + "app": "localhost/a"}
				p.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{AppArmorProfile: &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr("b")}}
			},
			want: []string{"spec.containers[0].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := validPod()
			tc.mutate(pod)
			expectErrors(t, ValidatePodCreate(pod), tc.want...)
		})
	}
}
