package integration

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The causes below are what kube-apiserver v1.37 returns for the same
// requests (pkg/apis/core/validation/validation.go upstream).

const (
	dns1123LabelMsg = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
	portRangeMsg    = "must be between 1 and 65535, inclusive"
)

func TestPodValidationRuleFamilies(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "validation-pods")
	pods := client.CoreV1().Pods("validation-pods")

	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		causes []string
	}{
		{
			name: "containers",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "Main"}, corev1.Container{Name: "main", Image: "nginx"})
			},
			causes: []string{
				`spec.containers[1].name: Invalid value: "Main": ` + dns1123LabelMsg,
				"spec.containers[1].image: Required value",
				`spec.containers[2].name: Duplicate value: "main"`,
			},
		},
		{
			name: "ports",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].Ports = []corev1.ContainerPort{
					{Name: "http", ContainerPort: 80},
					{Name: "http", ContainerPort: 70000, HostPort: 70000, Protocol: "ICMP"},
					{Name: "this-name-is-too-long", ContainerPort: 81},
				}
			},
			causes: []string{
				`spec.containers[0].ports[1].name: Duplicate value: "http"`,
				"spec.containers[0].ports[1].containerPort: Invalid value: 70000: " + portRangeMsg,
				"spec.containers[0].ports[1].hostPort: Invalid value: 70000: " + portRangeMsg,
				`spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`,
				`spec.containers[0].ports[2].name: Invalid value: "this-name-is-too-long": must be no more than 15 characters`,
			},
		},
		{
			name: "volume sources",
			mutate: func(p *corev1.Pod) {
				p.Spec.Volumes = []corev1.Volume{
					// A volume without a source is defaulted to emptyDir, so it is valid.
					{Name: "none"},
					{Name: "two", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}, HostPath: &corev1.HostPathVolumeSource{Path: "/data"}}},
					{Name: "host", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/data/../etc"}}},
					{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: ptr(resource.MustParse("-1Gi"))}}},
					{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
						LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"},
						DefaultMode:          ptr(int32(01000)),
						Items:                []corev1.KeyToPath{{Key: "a", Path: "../a"}},
					}}},
					{Name: "creds", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{Items: []corev1.KeyToPath{{Key: "k", Path: "k", Mode: ptr(int32(-1))}}}}},
				}
			},
			causes: []string{
				"spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type",
				`spec.volumes[2].hostPath.path: Invalid value: "/data/../etc": must not contain '..'`,
				"spec.volumes[3].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity",
				"spec.volumes[4].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive",
				`spec.volumes[4].configMap.items[0].path: Invalid value: "../a": must not contain '..'`,
				"spec.volumes[5].secret.secretName: Required value",
				"spec.volumes[5].secret.items[0].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive",
			},
		},
		{
			name: "projected and downward API volumes",
			mutate: func(p *corev1.Pod) {
				p.Spec.ServiceAccountName = "default"
				p.Spec.Volumes = []corev1.Volume{
					{Name: "info", VolumeSource: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: []corev1.DownwardAPIVolumeFile{
						{Path: "node", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "spec.nodeName"}},
					}}}},
					{Name: "all", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
						{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr(int64(60))}},
						{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"}, Items: []corev1.KeyToPath{{Key: "a", Path: "a"}}}},
						{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "creds"}, Items: []corev1.KeyToPath{{Key: "a", Path: "a"}}}},
					}}}},
				}
			},
			causes: []string{
				`spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"`,
				"spec.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
				`spec.volumes[1].projected: Invalid value: "creds": conflicting duplicate paths`,
			},
		},
		{
			name: "ephemeral volume claim template",
			mutate: func(p *corev1.Pod) {
				p.Spec.Volumes = []corev1.Volume{{Name: "scratch", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{
					VolumeClaimTemplate: &corev1.PersistentVolumeClaimTemplate{Spec: corev1.PersistentVolumeClaimSpec{}},
				}}}}
			},
			causes: []string{
				"spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required",
				"spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value",
			},
		},
		{
			name: "volume mounts",
			mutate: func(p *corev1.Pod) {
				p.Spec.Volumes = []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
				rro := corev1.RecursiveReadOnlyEnabled
				p.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{
					{Name: "missing", MountPath: "/missing"},
					{Name: "data", MountPath: "/data", SubPath: "/abs"},
					{Name: "data", MountPath: "/data"},
					{Name: "data", MountPath: "/ro", RecursiveReadOnly: &rro},
				}
			},
			causes: []string{
				`spec.containers[0].volumeMounts[0].name: Not found: "missing"`,
				`spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path`,
				`spec.containers[0].volumeMounts[2].mountPath: Invalid value: "/data": must be unique`,
				"spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true",
			},
		},
		{
			name: "resources",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].Resources = corev1.ResourceRequirements{
					Requests: corev1.ResourceList{
						corev1.ResourceCPU:    resource.MustParse("2"),
						"example.com/gpu":     resource.MustParse("500m"),
						"hugepages-2Mi":       resource.MustParse("3Mi"),
						corev1.ResourceMemory: resource.MustParse("-1"),
					},
					Limits: corev1.ResourceList{
						corev1.ResourceCPU: resource.MustParse("1"),
						"hugepages-2Mi":    resource.MustParse("3Mi"),
					},
				}
			},
			causes: []string{
				`spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`,
				"spec.containers[0].resources.requests[example.com/gpu]: Invalid value: \"500m\": must be an integer",
				"spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
				`spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`,
				`spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`,
				`spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0`,
			},
		},
		{
			name: "probes and lifecycle",
			mutate: func(p *corev1.Pod) {
				c := &p.Spec.Containers[0]
				c.LivenessProbe = &corev1.Probe{PeriodSeconds: -1, SuccessThreshold: 2}
				c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{
					Exec:      &corev1.ExecAction{},
					TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(80)},
				}, TerminationGracePeriodSeconds: ptr(int64(5))}
				c.StartupProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{GRPC: &corev1.GRPCAction{Port: 0}}}
				c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 600}}}
			},
			causes: []string{
				"spec.containers[0].livenessProbe: Required value: must specify a handler type",
				"spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
				"spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
				"spec.containers[0].readinessProbe.exec.command: Required value",
				"spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
				"spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
				"spec.containers[0].startupProbe.grpc.port: Invalid value: 0: " + portRangeMsg,
				"spec.containers[0].lifecycle.preStop.sleep: Invalid value: 600: must be non-negative and less than terminationGracePeriodSeconds (30)",
			},
		},
		{
			name: "env and envFrom",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].Env = []corev1.EnvVar{
					{Name: ""},
					{Name: "A=B", Value: "x"},
					{Name: "BOTH", Value: "x", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
					{Name: "NONE", ValueFrom: &corev1.EnvVarSource{}},
					{Name: "PHASE", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.phase"}}},
					{Name: "KEY", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}, Key: "bad key"}}},
				}
				p.Spec.Containers[0].EnvFrom = []corev1.EnvFromSource{{}, {Prefix: "A=", ConfigMapRef: &corev1.ConfigMapEnvSource{}}}
			},
			causes: []string{
				"spec.containers[0].env[0].name: Required value",
				`spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
				`spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when ` + "`value`" + ` is not empty`,
				`spec.containers[0].env[3].valueFrom: Invalid value: "": must specify one of: ` + "`fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
				`spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
				`spec.containers[0].env[5].valueFrom.secretKeyRef.key: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
				`spec.containers[0].envFrom: Invalid value: "": must specify one of: ` + "`configMapRef` or `secretRef`",
				`spec.containers[0].envFrom[1].prefix: Invalid value: "A=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
				"spec.containers[0].envFrom[1].configMapRef.name: Required value",
			},
		},
		{
			name: "security context",
			mutate: func(p *corev1.Pod) {
				p.Spec.SecurityContext = &corev1.PodSecurityContext{
					RunAsUser:      ptr(int64(-1)),
					SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeLocalhost},
					Sysctls:        []corev1.Sysctl{{Name: "net.core.somaxconn"}},
				}
				p.Spec.HostNetwork = true
				p.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{
					Privileged:               ptr(true),
					AllowPrivilegeEscalation: ptr(false),
					AppArmorProfile:          &corev1.AppArmorProfile{Type: "Custom"},
					ProcMount:                ptr(corev1.UnmaskedProcMount),
				}
			},
			causes: []string{
				"spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
				"spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost",
				`spec.securityContext.sysctls[0].name: Invalid value: "net.core.somaxconn": may not be specified when 'hostNetwork' is true`,
				"spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`",
				`spec.containers[0].securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":"Unmasked","SeccompProfile":null,"AppArmorProfile":{"Type":"Custom","LocalhostProfile":null}}: cannot set ` + "`allowPrivilegeEscalation` to false and `privileged` to true",
				`spec.containers[0].securityContext.appArmorProfile.type: Unsupported value: "Custom": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
			},
		},
		{
			name: "tolerations",
			mutate: func(p *corev1.Pod) {
				p.Spec.Tolerations = []corev1.Toleration{
					{Operator: corev1.TolerationOpEqual, Value: "x"},
					{Key: "k", Operator: corev1.TolerationOpExists, Value: "v"},
					{Key: "k", Operator: "In"},
					{Key: "k", Effect: corev1.TaintEffectNoSchedule, TolerationSeconds: ptr(int64(10))},
					{Key: "k", Effect: "Never"},
				}
			},
			causes: []string{
				`spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when ` + "`key`" + ` is empty, which means "match all values and all keys"`,
				`spec.tolerations[1].operator: Invalid value: "v": value must be empty when ` + "`operator`" + ` is 'Exists'`,
				`spec.tolerations[2].operator: Unsupported value: "In": supported values: "Equal", "Exists"`,
				`spec.tolerations[3].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when ` + "`tolerationSeconds`" + ` is set`,
				`spec.tolerations[4].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
			},
		},
		{
			name: "affinity and topology spread",
			mutate: func(p *corev1.Pod) {
				p.Spec.Affinity = &corev1.Affinity{
					NodeAffinity: &corev1.NodeAffinity{
						RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{},
						PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{{Weight: 0, Preference: corev1.NodeSelectorTerm{
							MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone", Operator: corev1.NodeSelectorOpExists, Values: []string{"a"}}},
						}}},
					},
					PodAntiAffinity: &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{}}},
				}
				p.Spec.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{{MaxSkew: 0, WhenUnsatisfiable: "Maybe"}}
			},
			causes: []string{
				"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term",
				"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
				"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
				"spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
				`spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty`,
				`spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				"spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
				"spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty",
				`spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"`,
			},
		},
		{
			name: "dns config, host aliases, readiness gates, overhead",
			mutate: func(p *corev1.Pod) {
				p.Spec.DNSPolicy = corev1.DNSNone
				p.Spec.DNSConfig = &corev1.PodDNSConfig{Searches: []string{"bad..domain"}}
				p.Spec.HostAliases = []corev1.HostAlias{{IP: "not-an-ip", Hostnames: []string{"Bad_Host"}}}
				p.Spec.ReadinessGates = []corev1.PodReadinessGate{{ConditionType: "bad gate"}}
				p.Spec.Hostname = "Web"
			},
			causes: []string{
				"spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None",
				`spec.hostAliases[0].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
				`spec.hostAliases[0].hostnames[0]: Invalid value: "Bad_Host": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
				`spec.readinessGates[0].conditionType: Invalid value: "bad gate": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				`spec.hostname: Invalid value: "Web": ` + dns1123LabelMsg,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := simplePod("invalid", "nginx")
			tc.mutate(pod)
			_, err := pods.Create(context.Background(), pod, metav1.CreateOptions{})
			expectInvalid(t, err, "", "Pod", "invalid", tc.causes...)
		})
	}
}
