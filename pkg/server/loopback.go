package server

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/pki"
)

// applySecureServing applies the serving options, with the listener's connections remembered in
// conns, and gives the server a loopback client: what SecureServingOptionsWithLoopback.ApplyTo
// does, with an ECDSA loopback certificate instead of the RSA pair it generates at every start. The
// loopback certificate is served, ahead of any other, to clients asking for the loopback server
// name, and the client authenticates with a random token.
func applySecureServing(o *genericoptions.SecureServingOptionsWithLoopback, conns *connections, info **genericapiserver.SecureServingInfo, loopback **rest.Config) error {
	if err := o.SecureServingOptions.ApplyTo(info); err != nil {
		return err
	}
	if *info == nil {
		return nil
	}
	(*info).Listener = conns.listen((*info).Listener)
	certPEM, keyPEM, err := pki.LoopbackCert(genericapiserver.LoopbackClientServerNameOverride, time.Now())
	if err != nil {
		return fmt.Errorf("generating the loopback certificate: %w", err)
	}
	cert, err := dynamiccertificates.NewStaticSNICertKeyContent("self-signed loopback", certPEM, keyPEM, genericapiserver.LoopbackClientServerNameOverride)
	if err != nil {
		return fmt.Errorf("loading the loopback certificate: %w", err)
	}
	(*info).SNICerts = append([]dynamiccertificates.SNICertKeyContentProvider{cert}, (*info).SNICerts...)
	*loopback, err = (*info).NewLoopbackClientConfig(uuid.NewString(), certPEM)
	return err
}
