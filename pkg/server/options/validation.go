package options

import (
	"fmt"
	"os"
)

// Validate reports every invalid option, each naming its flag. It reads files the flags name but
// writes nothing.
func (o CompletedOptions) Validate() []error {
	var errs []error
	errs = append(errs, o.ServerRun.Validate()...)
	errs = append(errs, o.SecureServing.Validate()...)
	// Without --etcd-servers kapi runs its own etcd member, whose address is only known once it started.
	errs = append(errs, o.EmbeddedEtcd.Validate(o.Etcd.StorageConfig.Transport.ServerList)...)
	etcd := *o.Etcd
	if len(etcd.StorageConfig.Transport.ServerList) == 0 {
		etcd.StorageConfig.Transport.ServerList = []string{"http://127.0.0.1:2379"}
	}
	errs = append(errs, etcd.Validate()...)
	errs = append(errs, o.validateAdmissionControl()...)
	errs = append(errs, o.Admission.Validate()...)
	errs = append(errs, o.Audit.Validate()...)
	errs = append(errs, o.Features.Validate()...)
	errs = append(errs, o.Metrics.Validate()...)
	errs = append(errs, o.Traces.Validate()...)
	errs = append(errs, validateEgressSelector(o.EgressSelector)...)
	errs = append(errs, o.Peer.Validate()...)
	errs = append(errs, o.CoordinatedLeadership.Validate()...)
	if o.MaxConnectionBytesPerSec < 0 {
		errs = append(errs, fmt.Errorf("--max-connection-bytes-per-sec can not be negative"))
	}
	errs = append(errs, o.Authorization.Validate()...)
	errs = append(errs, o.Networking.Validate()...)
	errs = append(errs, o.Events.Validate()...)
	errs = append(errs, o.ServiceAccounts.Validate()...)
	errs = append(errs, o.Authentication.Validate(o.ServiceAccounts.Issuers)...)
	errs = append(errs, o.Aggregator.RequestHeader.Validate()...)
	if (o.Aggregator.ProxyClientCertFile == "") != (o.Aggregator.ProxyClientKeyFile == "") {
		errs = append(errs, fmt.Errorf("--proxy-client-cert-file and --proxy-client-key-file must be specified together"))
	}
	errs = append(errs, o.Controllers.Validate()...)
	errs = append(errs, o.LeaderElection.Validate()...)
	errs = append(errs, o.Kubelet.Validate()...)
	errs = append(errs, o.validateRuntimeConfig()...)
	if o.Networking.EndpointReconcilerType == endpointReconcilerLease && !o.ServiceNetwork.PublicIP.IsValid() {
		errs = append(errs, fmt.Errorf("--advertise-address %v is not an IP address", o.ServerRun.AdvertiseAddress))
	}
	for _, f := range []struct{ flag, path string }{
		{"--authorization-policy-file", o.Authorization.PolicyFile},
		{"--authorization-webhook-config-file", o.Authorization.Webhook.ConfigFile},
		{"--audit-policy-file", o.Audit.PolicyFile},
		{"--audit-webhook-config-file", o.Audit.WebhookOptions.ConfigFile},
		{"--token-auth-file", o.Authentication.TokenAuthFile},
		{"--client-ca-file", o.Authentication.ClientCAFile},
		{"--oidc-ca-file", o.Authentication.OIDC.CAFile},
		{"--authentication-token-webhook-config-file", o.Authentication.TokenWebhook.ConfigFile},
		{"--service-account-signing-key-file", o.ServiceAccounts.SigningKeyFile},
	} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.flag, err))
		}
	}
	return errs
}
