package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestValidatePodCreate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		want   []string
	}{
		{name: "valid", mutate: func(*corev1.Pod) {}},
		{
			name:   "containers required",
			mutate: func(p *corev1.Pod) { p.Spec.Containers = nil },
			want:   []string{"spec.containers: Required value"},
		},
		{
			name:   "restartPolicy enum",
			mutate: func(p *corev1.Pod) { p.Spec.RestartPolicy = "Sometimes" },
			want:   []string{`spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`},
		},
		{
			name:   "dnsPolicy enum",
			mutate: func(p *corev1.Pod) { p.Spec.DNSPolicy = "Cluster" },
			want:   []string{`spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"`},
		},
		{
			name:   "dnsPolicy None needs dnsConfig",
			mutate: func(p *corev1.Pod) { p.Spec.DNSPolicy = corev1.DNSNone },
			want:   []string{"spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"},
		},
		{
			name: "dnsConfig nameservers must be IPs",
			mutate: func(p *corev1.Pod) {
				p.Spec.DNSConfig = &corev1.PodDNSConfig{Nameservers: []string{"dns.local"}, Searches: []string{"svc.cluster.local.", "my_zone", "."}}
			},
			want: []string{`spec.dnsConfig.nameservers[0]: Invalid value: "dns.local": ` + invalidIPMsg},
		},
		{
			name:   "terminationGracePeriodSeconds required",
			mutate: func(p *corev1.Pod) { p.Spec.TerminationGracePeriodSeconds = nil },
			want:   []string{"spec.terminationGracePeriodSeconds: Required value"},
		},
		{
			name:   "activeDeadlineSeconds must be positive",
			mutate: func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = ptr(int64(0)) },
			want:   []string{"spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"},
		},
		{
			name:   "nodeSelector values are label values",
			mutate: func(p *corev1.Pod) { p.Spec.NodeSelector = map[string]string{"disk": "fast ssd"} },
			want:   []string{`spec.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`},
		},
		{
			name:   "hostname and subdomain are DNS labels",
			mutate: func(p *corev1.Pod) { p.Spec.Hostname = "Web"; p.Spec.Subdomain = "a.b" },
			want: []string{
				`spec.hostname: Invalid value: "Web": ` + dnsLabelMsg,
				`spec.subdomain: Invalid value: "a.b": must not contain dots`,
			},
		},
		{
			name:   "nodeName is a DNS subdomain",
			mutate: func(p *corev1.Pod) { p.Spec.NodeName = "Node_1" },
			want:   []string{`spec.nodeName: Invalid value: "Node_1": ` + dnsSubdomainMsg},
		},
		{
			name: "ephemeral containers cannot be set on create",
			mutate: func(p *corev1.Pod) {
				p.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon(validContainer("debug"))}}
			},
			want: []string{"spec.ephemeralContainers: Forbidden: cannot be set on create"},
		},
		{
			name: "nodeName with scheduling gates",
			mutate: func(p *corev1.Pod) {
				p.Spec.NodeName = "node-1"
				p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "example.com/wait"}}
			},
			want: []string{"spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"},
		},
		{
			name: "duplicate scheduling gates",
			mutate: func(p *corev1.Pod) {
				p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "gate"}, {Name: "gate"}}
			},
			want: []string{`spec.schedulingGates[1]: Duplicate value: "gate"`},
		},
		{
			name: "host network needs hostPort == containerPort",
			mutate: func(p *corev1.Pod) {
				p.Spec.HostNetwork = true
				p.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 8080, Protocol: corev1.ProtocolTCP}}
			},
			want: []string{"spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"},
		},
		{
			name: "projected token needs a service account",
			mutate: func(p *corev1.Pod) {
				p.Spec.ServiceAccountName = ""
				p.Spec.Volumes = []corev1.Volume{{Name: "token", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
					Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr(int64(3600))}}},
				}}}}
			},
			want: []string{"spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set"},
		},
		{
			name:   "image whitespace is rejected for pods",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = " nginx" },
			want:   []string{`spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace`},
		},
		{
			name:   "mirror pod annotation needs nodeName",
			mutate: func(p *corev1.Pod) { p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "abc"} },
			want:   []string{`metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "abc": must set spec.nodeName if mirror pod annotation is set`},
		},
		{
			name:   "deletion cost must be an int32",
			mutate: func(p *corev1.Pod) { p.Annotations = map[string]string{corev1.PodDeletionCost: "+10"} },
			want:   []string{`metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+10": must be a 32bit integer`},
		},
		{
			name:   "seccomp annotation path uses the key as a path segment",
			mutate: func(p *corev1.Pod) { p.Annotations = map[string]string{corev1.SeccompPodAnnotationKey: "bogus"} },
			want:   []string{`metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "bogus": must be a valid seccomp profile`},
		},
		{
			name: "apparmor annotation for unknown container",
			mutate: func(p *corev1.Pod) {
				p.Annotations = map[string]string{corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix + "other": "runtime/default"}
			},
			want: []string{`metadata.annotations[container.apparmor.security.beta.kubernetes.io/other]: Invalid value: "other": container not found`},
		},
		{
			name: "seccomp annotation must match field",
			mutate: func(p *corev1.Pod) {
				p.Annotations = map[string]string{corev1.SeccompPodAnnotationKey: "unconfined"}
				p.Spec.SecurityContext.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
			},
			want: []string{"spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match"},
		},
		{
			name:   "unknown OS",
			mutate: func(p *corev1.Pod) { p.Spec.OS = &corev1.PodOS{Name: "plan9"} },
			want:   []string{`spec.os: Unsupported value: "plan9": supported values: "linux", "windows"`},
		},
		{
			name: "windows pod may not use linux options",
			mutate: func(p *corev1.Pod) {
				p.Spec.OS = &corev1.PodOS{Name: corev1.Windows}
				p.Spec.HostPID = true
				p.Spec.SecurityContext.RunAsUser = ptr(int64(1000))
			},
			want: []string{
				"spec.hostPID: Forbidden: cannot be set for a windows pod",
				"spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod",
			},
		},
		{
			name:   "hostUsers false forbids host namespaces",
			mutate: func(p *corev1.Pod) { p.Spec.HostUsers = ptr(false); p.Spec.HostPID = true },
			want:   []string{"spec.HostPID: Forbidden: when `pod.Spec.HostUsers` is false"},
		},
		{
			name: "resource claims need exactly one source",
			mutate: func(p *corev1.Pod) {
				p.Spec.ResourceClaims = []corev1.PodResourceClaim{{Name: "gpu"}}
			},
			want: []string{`spec.resourceClaims[0]: Invalid value: {"Name":"gpu","ResourceClaimName":null,"ResourceClaimTemplateName":null}: must specify one of: ` + "`resourceClaimName`, `resourceClaimTemplateName`"},
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

const podUpdateForbiddenPrefix = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"

func TestValidatePodUpdate(t *testing.T) {
	cases := []struct {
		name          string
		mutateOld     func(*corev1.Pod)
		mutate        func(*corev1.Pod)
		want          []string
		wantForbidden bool
	}{
		{name: "image may change", mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = "nginx:1.28" }},
		{
			name:   "activeDeadlineSeconds may be set",
			mutate: func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = ptr(int64(60)) },
		},
		{
			name:      "activeDeadlineSeconds may not grow",
			mutateOld: func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = ptr(int64(60)) },
			mutate:    func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = ptr(int64(120)) },
			want:      []string{"spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value"},
		},
		{
			name:      "activeDeadlineSeconds may not be unset",
			mutateOld: func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = ptr(int64(60)) },
			mutate:    func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = nil },
			want:      []string{"spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"},
		},
		{
			name:   "containers may not be added",
			mutate: func(p *corev1.Pod) { p.Spec.Containers = append(p.Spec.Containers, validContainer("sidecar")) },
			want:   []string{"spec.containers: Forbidden: pod updates may not add or remove containers"},
		},
		{
			name: "tolerations may be added",
			mutate: func(p *corev1.Pod) {
				p.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
			},
		},
		{
			name: "existing tolerations may not change",
			mutateOld: func(p *corev1.Pod) {
				p.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
			},
			mutate: func(p *corev1.Pod) {
				p.Spec.Tolerations = []corev1.Toleration{{Key: "j", Operator: corev1.TolerationOpExists}}
			},
			want: []string{"spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"},
		},
		{
			name:      "scheduling gates may only be removed",
			mutateOld: func(p *corev1.Pod) { p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "a"}} },
			mutate:    func(p *corev1.Pod) { p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "a"}, {Name: "b"}} },
			want:      []string{"spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'b'"},
		},
		{
			name:      "gated pods may add node selectors",
			mutateOld: func(p *corev1.Pod) { p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "a"}} },
			mutate:    func(p *corev1.Pod) { p.Spec.NodeSelector = map[string]string{"zone": "a"} },
		},
		{
			name: "gated pods may not change node selectors",
			mutateOld: func(p *corev1.Pod) {
				p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "a"}}
				p.Spec.NodeSelector = map[string]string{"zone": "a"}
			},
			mutate: func(p *corev1.Pod) { p.Spec.NodeSelector = map[string]string{"zone": "b"} },
			want:   []string{`spec.nodeSelector: Invalid value: {"zone":"b"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)`},
		},
		{
			name:      "terminationGracePeriodSeconds may go from negative to 1",
			mutateOld: func(p *corev1.Pod) { p.Spec.TerminationGracePeriodSeconds = ptr(int64(-1)) },
			mutate:    func(p *corev1.Pod) { p.Spec.TerminationGracePeriodSeconds = ptr(int64(1)) },
		},
		{
			name:          "env may not change",
			mutate:        func(p *corev1.Pod) { p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "A", Value: "1"}} },
			wantForbidden: true,
		},
		{
			name:          "nodeName may not change through update",
			mutate:        func(p *corev1.Pod) { p.Spec.NodeName = "node-1" },
			wantForbidden: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldPod := validPod()
			if tc.mutateOld != nil {
				tc.mutateOld(oldPod)
			}
			newPod := oldPod.DeepCopy()
			tc.mutate(newPod)
			errs := ValidatePodUpdate(newPod, oldPod)
			if !tc.wantForbidden {
				expectErrors(t, errs, tc.want...)
				return
			}
			if len(errs) != 1 || errs[0].Type != field.ErrorTypeForbidden || errs[0].Field != "spec" || !strings.HasPrefix(errs[0].Detail, podUpdateForbiddenPrefix) {
				t.Fatalf("want one spec Forbidden error with the updatable-fields message, got %v", errs)
			}
		})
	}
}

func TestValidatePodStatusUpdate(t *testing.T) {
	cases := []struct {
		name      string
		mutateOld func(*corev1.Pod)
		mutate    func(*corev1.Pod)
		want      []string
	}{
		{name: "pod IP may be set", mutate: func(p *corev1.Pod) {
			p.Status.PodIP = "10.0.0.1"
			p.Status.PodIPs = []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}}
		}},
		{
			name:   "nodeName may not change",
			mutate: func(p *corev1.Pod) { p.Spec.NodeName = "node-1" },
			want:   []string{"status.nodeName: Forbidden: may not be changed directly"},
		},
		{
			name:   "podIP must be an IP",
			mutate: func(p *corev1.Pod) { p.Status.PodIP = "10.0.0" },
			want:   []string{`status.podIPs[0]: Invalid value: "10.0.0": ` + invalidIPMsg},
		},
		{
			name: "one IP per family",
			mutate: func(p *corev1.Pod) {
				p.Status.PodIPs = []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "10.0.0.2"}}
			},
			want: []string{`status.podIPs: Invalid value: [{"IP":"10.0.0.1"},{"IP":"10.0.0.2"}]: may specify no more than one IP for each IP family`},
		},
		{
			name: "duplicate pod IPs",
			mutate: func(p *corev1.Pod) {
				p.Status.PodIPs = []corev1.PodIP{{IP: "fd00::1"}, {IP: "fd00::1"}}
			},
			want: []string{
				`status.podIPs: Invalid value: [{"IP":"fd00::1"},{"IP":"fd00::1"}]: may specify no more than one IP for each IP family`,
				`status.podIPs[1]: Duplicate value: {"IP":"fd00::1"}`,
			},
		},
		{
			name: "hostIPs must start with hostIP",
			mutate: func(p *corev1.Pod) {
				p.Status.HostIP = "192.168.0.1"
				p.Status.HostIPs = []corev1.HostIP{{IP: "192.168.0.2"}}
			},
			want: []string{`status.hostIPs[0].ip: Invalid value: "192.168.0.2": must be equal to ` + "`hostIP`"},
		},
		{
			name: "terminated container may not come back when restartPolicy is Never",
			mutateOld: func(p *corev1.Pod) {
				p.Spec.RestartPolicy = corev1.RestartPolicyNever
				p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1}}}}
			},
			mutate: func(p *corev1.Pod) {
				p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}
			},
			want: []string{"status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"},
		},
		{
			name: "custom condition types are qualified names, reported under metadata",
			mutate: func(p *corev1.Pod) {
				p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady}, {Type: "bad type"}}
			},
			want: []string{`metadata.conditions[1].Type: Invalid value: "bad type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`},
		},
		{
			name:      "qosClass is immutable",
			mutateOld: func(p *corev1.Pod) { p.Status.QOSClass = corev1.PodQOSBestEffort },
			mutate:    func(p *corev1.Pod) { p.Status.QOSClass = corev1.PodQOSGuaranteed },
			want:      []string{`status.qosClass: Invalid value: "Guaranteed": field is immutable`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldPod := validPod()
			if tc.mutateOld != nil {
				tc.mutateOld(oldPod)
			}
			newPod := oldPod.DeepCopy()
			tc.mutate(newPod)
			expectErrors(t, ValidatePodStatusUpdate(newPod, oldPod), tc.want...)
		})
	}
}

func TestValidatePodBinding(t *testing.T) {
	cases := []struct {
		name   string
		target corev1.ObjectReference
		want   []string
	}{
		{name: "node", target: corev1.ObjectReference{Kind: "Node", Name: "node-1"}},
		{name: "kind may be empty", target: corev1.ObjectReference{Name: "node-1"}},
		{
			name:   "only nodes",
			target: corev1.ObjectReference{Kind: "Pod", Name: "x"},
			want:   []string{`target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"`},
		},
		{
			name:   "name required",
			target: corev1.ObjectReference{Kind: "Node"},
			want:   []string{"target.name: Required value"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidatePodBinding(&corev1.Binding{Target: tc.target}), tc.want...)
		})
	}
}

func TestValidatePodTemplateSpec(t *testing.T) {
	tmpl := validPodTemplate()
	expectErrors(t, ValidatePodTemplateSpec(tmpl, field.NewPath("template")))

	tmpl.Labels = map[string]string{"bad key!": "x"}
	tmpl.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon(validContainer("debug"))}}
	// Whitespace in images is only rejected for pods, not templates.
	tmpl.Spec.Containers[0].Image = "nginx "
	expectErrors(t, ValidatePodTemplateSpec(tmpl, field.NewPath("template")),
		`template.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		"template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template",
	)
}

func TestValidatePodSpecAllowsTemplateHostPortDefaulting(t *testing.T) {
	spec := validPod().Spec
	spec.HostNetwork = true
	spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, Protocol: corev1.ProtocolTCP}}
	expectErrors(t, validatePodSpec(&spec, nil, field.NewPath("spec"), podValidationOptions{}))
}

func TestPreemptionPolicy(t *testing.T) {
	pod := validPod()
	pod.Spec.PreemptionPolicy = ptr(corev1.PreemptionPolicy("Sometimes"))
	expectErrors(t, ValidatePodCreate(pod), `spec.preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"`)
}
